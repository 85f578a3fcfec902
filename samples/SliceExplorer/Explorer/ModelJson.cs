using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using SliceExplorer.Kube;

namespace SliceExplorer.Explorer;

/// <summary>
/// Generated models to <see cref="JsonNode"/> through their generated converters (no reflection, AOT-safe): for
/// merge patches built from what the server returned.
/// </summary>
internal static class ModelJson
{
    /// <summary>Options without a reflection resolver; generated converters do not consult them.</summary>
    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>The endpoints as a JSON array, every field the server sent kept (known or not).</summary>
    public static JsonArray ToJsonArray(IEnumerable<Endpoint> endpoints)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (Endpoint endpoint in endpoints)
            {
                Endpoint.JsonConverter.WriteValue(writer, endpoint, Options);
            }

            writer.WriteEndArray();
        }

        return JsonNode.Parse(buffer.WrittenSpan)!.AsArray();
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine() };
        options.MakeReadOnly();
        return options;
    }
}
