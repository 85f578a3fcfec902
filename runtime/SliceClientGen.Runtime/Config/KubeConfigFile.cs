using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SliceClientGen.Runtime.Config;

/// <summary>
/// The parts of one or more kubeconfig files kubectl uses, merged as kubectl merges them: for clusters,
/// users and contexts (by name) and for current-context, the first file that sets a value wins.
/// Parsed with YamlDotNet's representation model (no reflection).
/// </summary>
internal sealed class KubeConfigFile
{
    public Dictionary<string, KubeConfigEntry> Clusters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KubeConfigEntry> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KubeConfigEntry> Contexts { get; } = new(StringComparer.Ordinal);

    public string? CurrentContext { get; private set; }

    /// <summary>The files read, in order.</summary>
    public List<string> Files { get; } = new();

    /// <summary>The files, for messages.</summary>
    public string Describe() => Files.Count == 1 ? "'" + Files[0] + "'" : string.Join(", ", Files.Select(f => "'" + f + "'"));

    /// <summary>Reads and merges <paramref name="paths"/>; files that do not exist are skipped, as kubectl does, but not all of them.</summary>
    /// <exception cref="FileNotFoundException">None of the files exists.</exception>
    /// <exception cref="KubeConfigException">A file is not a valid kubeconfig.</exception>
    public static KubeConfigFile Load(IReadOnlyList<string> paths, string origin)
    {
        var merged = new KubeConfigFile();
        foreach (string path in paths.Distinct(StringComparer.Ordinal))
        {
            if (File.Exists(path))
            {
                merged.Merge(Path.GetFullPath(path));
            }
        }

        if (merged.Files.Count == 0)
        {
            throw new FileNotFoundException(
                "No kubeconfig file found: " + origin + " (" + string.Join(", ", paths.Select(p => "'" + p + "'")) + ") does not exist.",
                paths.Count == 1 ? paths[0] : null);
        }

        return merged;
    }

    private void Merge(string path)
    {
        YamlStream stream = Parse(path);
        Files.Add(path);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" or "null" or "~" })
        {
            return;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new KubeConfigException("The kubeconfig '" + path + "' is not a YAML mapping.", path);
        }

        var top = new KubeConfigEntry(string.Empty, root, path, string.Empty);
        if (CurrentContext is null && top.String("current-context") is { } current)
        {
            CurrentContext = current;
        }

        MergeList(root, "clusters", "cluster", Clusters, path);
        MergeList(root, "users", "user", Users, path);
        MergeList(root, "contexts", "context", Contexts, path);
    }

    private static YamlStream Parse(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            var stream = new YamlStream();
            stream.Load(reader);
            return stream;
        }
        catch (YamlException e)
        {
            // YamlDotNet's messages describe the structure ("did not find expected key"), not the text.
            throw new KubeConfigException("The kubeconfig '" + path + "' is not valid YAML at line " + e.Start.Line + ", column " + e.Start.Column + ": " + e.Message, path, innerException: e);
        }
        catch (InvalidOperationException e)
        {
            // Some malformed input (an unclosed flow sequence) makes YamlDotNet fail without a position.
            throw new KubeConfigException("The kubeconfig '" + path + "' is not valid YAML (an unclosed [ or { perhaps).", path, innerException: e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException("The kubeconfig '" + path + "' cannot be read: " + e.Message, path, innerException: e);
        }
    }

    private static void MergeList(YamlMappingNode root, string listKey, string itemKey, Dictionary<string, KubeConfigEntry> into, string path)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(listKey), out YamlNode? list) || list is YamlScalarNode { Value: null or "" or "null" or "~" })
        {
            return;
        }

        if (list is not YamlSequenceNode sequence)
        {
            throw new KubeConfigException("The kubeconfig '" + path + "' has '" + listKey + "' that is not a list (line " + list.Start.Line + ").", path, key: listKey);
        }

        foreach (YamlNode item in sequence)
        {
            if (item is not YamlMappingNode mapping
                || !mapping.Children.TryGetValue(new YamlScalarNode("name"), out YamlNode? nameNode) || nameNode is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                throw new KubeConfigException("The kubeconfig '" + path + "' has an entry in '" + listKey + "' without a name (line " + item.Start.Line + ").", path, key: listKey);
            }

            string prefix = listKey + "[" + name + "]." + itemKey;
            YamlMappingNode fields = mapping.Children.TryGetValue(new YamlScalarNode(itemKey), out YamlNode? body) switch
            {
                false => new YamlMappingNode(),
                true when body is YamlMappingNode bodyMapping => bodyMapping,
                true when body is YamlScalarNode { Value: null or "" or "null" or "~" } => new YamlMappingNode(),
                _ => throw new KubeConfigException("The kubeconfig '" + path + "' has " + prefix + " that is not a mapping (line " + body!.Start.Line + ").", path, key: prefix),
            };

            // The first file (and the first entry) to define a name wins, as kubectl merges.
            into.TryAdd(name, new KubeConfigEntry(name, fields, path, prefix));
        }
    }
}
