using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace SliceClientGen.Testing.Protocol;

/// <summary>JSON Merge Patch (RFC 7386): objects merge recursively, <c>null</c> removes, everything else replaces.</summary>
internal static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        JsonObject result = target is JsonObject targetObject ? targetObject : new JsonObject();
        foreach (KeyValuePair<string, JsonNode?> member in patchObject.ToList())
        {
            if (member.Value is null)
            {
                result.Remove(member.Key);
            }
            else
            {
                JsonNode? current = result[member.Key];
                JsonNode? merged = Apply(current, member.Value);
                if (!ReferenceEquals(merged, current))
                {
                    if (merged?.Parent is not null)
                    {
                        merged = merged.DeepClone();
                    }

                    result[member.Key] = merged;
                }
            }
        }

        return result;
    }
}
