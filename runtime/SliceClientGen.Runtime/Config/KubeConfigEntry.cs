using System;
using System.IO;
using YamlDotNet.RepresentationModel;

namespace SliceClientGen.Runtime.Config;

/// <summary>
/// One named cluster, user or context (or a mapping inside one, such as <c>exec</c>) with the file it came
/// from: relative paths resolve against that file's directory, and errors name the file, the context being
/// loaded and the full key (<c>users[admin].user.client-key-data</c>) but never the value.
/// </summary>
internal sealed record KubeConfigEntry(string Name, YamlMappingNode Fields, string File, string KeyPrefix)
{
    /// <summary>The context being loaded, for messages.</summary>
    public string? Context { get; init; }

    public string Directory => Path.GetDirectoryName(Path.GetFullPath(File)) ?? ".";

    /// <summary>The full name of <paramref name="key"/> for messages.</summary>
    public string KeyOf(string key) => KeyPrefix + "." + key;

    /// <summary>Where this entry is, for messages: <c>user 'admin' in '/home/me/.kube/config'</c>.</summary>
    public string Describe(string kind) => kind + " '" + Name + "' in '" + File + "'";

    public YamlNode? Node(string key) => Fields.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node) ? node : null;

    /// <summary>A string value; null when absent, empty or YAML null.</summary>
    public string? String(string key) => Node(key) switch
    {
        null => null,
        YamlScalarNode scalar => string.IsNullOrEmpty(scalar.Value) || IsNull(scalar) ? null : scalar.Value,
        _ => throw Fail(KeyOf(key) + " must be a string", key),
    };

    public bool Bool(string key)
    {
        string? value = String(key);
        return value switch
        {
            null => false,
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => throw Fail(KeyOf(key) + " must be true or false", key),
        };
    }

    /// <summary>A nested mapping as an entry of its own (same file and context).</summary>
    public KubeConfigEntry? Mapping(string key) => Node(key) switch
    {
        null => null,
        YamlScalarNode scalar when IsNull(scalar) => null,
        YamlMappingNode mapping => new KubeConfigEntry(Name, mapping, File, KeyOf(key)) { Context = Context },
        _ => throw Fail(KeyOf(key) + " must be a mapping", key),
    };

    public YamlSequenceNode? Sequence(string key) => Node(key) switch
    {
        null => null,
        YamlScalarNode scalar when IsNull(scalar) => null,
        YamlSequenceNode sequence => sequence,
        _ => throw Fail(KeyOf(key) + " must be a list", key),
    };

    /// <summary>A file path, a relative one resolved against this kubeconfig's directory (as kubectl does).</summary>
    public string? PathValue(string key) => String(key) is { } value
        ? Path.IsPathRooted(value) ? value : Path.GetFullPath(Path.Combine(Directory, value))
        : null;

    /// <summary>An error about <paramref name="key"/> (or the entry when null): the message gets the file and context appended.</summary>
    public KubeConfigException Fail(string message, string? key = null, Exception? innerException = null) =>
        new(message + " (" + (Context is null ? string.Empty : "context '" + Context + "', ") + "kubeconfig '" + File + "', line " + (key is null ? Fields.Start.Line : (Node(key)?.Start.Line ?? Fields.Start.Line)) + ").",
            File,
            Context,
            key is null ? KeyPrefix : KeyOf(key),
            innerException);

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is "null" or "~" or "Null" or "NULL";
}
