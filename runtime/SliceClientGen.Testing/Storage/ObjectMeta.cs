using System;
using System.Globalization;
using System.Text.Json.Nodes;

namespace SliceClientGen.Testing.Storage;

/// <summary>Reads and writes the <c>metadata</c> of a JSON object.</summary>
internal static class ObjectMeta
{
    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = new JsonObject();
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? GetString(JsonObject obj, string property) =>
        obj[property] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    public static string? Name(JsonObject obj) => obj["metadata"] is JsonObject m ? GetString(m, "name") : null;

    public static string? Namespace(JsonObject obj) => obj["metadata"] is JsonObject m ? GetString(m, "namespace") : null;

    public static string? ResourceVersion(JsonObject obj) => obj["metadata"] is JsonObject m ? GetString(m, "resourceVersion") : null;

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Whether anything other than metadata and status differs (what bumps <c>metadata.generation</c>).</summary>
    public static bool ContentDiffers(JsonObject left, JsonObject right)
    {
        foreach (var (name, value) in left)
        {
            if (name is "metadata" or "status")
            {
                continue;
            }

            if (!right.TryGetPropertyValue(name, out JsonNode? other) || !JsonNode.DeepEquals(value, other))
            {
                return true;
            }
        }

        foreach (var (name, _) in right)
        {
            if (name is not ("metadata" or "status") && !left.ContainsKey(name))
            {
                return true;
            }
        }

        return false;
    }
}
