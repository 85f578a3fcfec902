using System;
using System.Collections.Generic;
using System.IO;
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
    public Dictionary<string, Entry> Clusters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Entry> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Entry> Contexts { get; } = new(StringComparer.Ordinal);

    public string? CurrentContext { get; private set; }

    /// <summary>The files read, in order.</summary>
    public List<string> Files { get; } = new();

    /// <summary>One named entry: its fields and the file (directory) relative paths resolve against.</summary>
    internal sealed record Entry(string Name, YamlMappingNode Fields, string File)
    {
        public string Directory => Path.GetDirectoryName(Path.GetFullPath(File)) ?? ".";

        public string? String(string key) =>
            Fields.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node) && node is YamlScalarNode scalar && !string.IsNullOrEmpty(scalar.Value) ? scalar.Value : null;

        public bool Bool(string key) => String(key) is { } value && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "yes");

        public YamlNode? Node(string key) => Fields.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node) ? node : null;

        /// <summary>A file path from the entry, relative paths resolved against the kubeconfig's directory (as kubectl does).</summary>
        public string? PathValue(string key) => String(key) is { } value
            ? Path.IsPathRooted(value) ? value : Path.GetFullPath(Path.Combine(Directory, value))
            : null;
    }

    /// <summary>Reads and merges <paramref name="paths"/>; files that do not exist are skipped, as kubectl does, but not all of them.</summary>
    public static KubeConfigFile Load(IReadOnlyList<string> paths)
    {
        var merged = new KubeConfigFile();
        foreach (string path in paths)
        {
            if (!File.Exists(path))
            {
                continue;
            }

            merged.Merge(path);
        }

        if (merged.Files.Count == 0)
        {
            throw new FileNotFoundException("No kubeconfig file found (looked for " + string.Join(", ", paths) + ").");
        }

        return merged;
    }

    private void Merge(string path)
    {
        YamlMappingNode root;
        try
        {
            using var reader = new StreamReader(path);
            var stream = new YamlStream();
            stream.Load(reader);
            if (stream.Documents.Count == 0)
            {
                Files.Add(path);
                return;
            }

            root = stream.Documents[0].RootNode as YamlMappingNode
                ?? throw new InvalidDataException("The kubeconfig '" + path + "' is not a YAML mapping.");
        }
        catch (YamlException e)
        {
            throw new InvalidDataException("The kubeconfig '" + path + "' is not valid YAML at line " + e.Start.Line + ", column " + e.Start.Column + ": " + e.Message, e);
        }
        catch (IOException e)
        {
            throw new InvalidDataException("The kubeconfig '" + path + "' cannot be read: " + e.Message, e);
        }

        Files.Add(path);
        if (CurrentContext is null && root.Children.TryGetValue(new YamlScalarNode("current-context"), out YamlNode? current) && current is YamlScalarNode { Value: { Length: > 0 } name })
        {
            CurrentContext = name;
        }

        MergeList(root, "clusters", "cluster", Clusters, path);
        MergeList(root, "users", "user", Users, path);
        MergeList(root, "contexts", "context", Contexts, path);
    }

    private static void MergeList(YamlMappingNode root, string listKey, string itemKey, Dictionary<string, Entry> into, string path)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(listKey), out YamlNode? list) || list is not YamlSequenceNode sequence)
        {
            return;
        }

        foreach (YamlNode item in sequence)
        {
            if (item is not YamlMappingNode mapping
                || !mapping.Children.TryGetValue(new YamlScalarNode("name"), out YamlNode? nameNode) || nameNode is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                throw new InvalidDataException("The kubeconfig '" + path + "' has an entry in '" + listKey + "' without a name (line " + item.Start.Line + ").");
            }

            YamlMappingNode fields = mapping.Children.TryGetValue(new YamlScalarNode(itemKey), out YamlNode? body) && body is YamlMappingNode bodyMapping
                ? bodyMapping
                : new YamlMappingNode();
            into.TryAdd(name, new Entry(name, fields, path));
        }
    }
}
