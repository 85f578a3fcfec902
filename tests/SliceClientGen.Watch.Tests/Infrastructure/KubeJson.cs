using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SliceClientGen.Watch.Tests.Infrastructure;

/// <summary>The JSON a Kubernetes API server sends, written by hand (independent of the generated code under test).</summary>
public static class KubeJson
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>An EndpointSlice with <paramref name="endpoints"/> ready IPv4 endpoints and one port.</summary>
    public static JsonObject Slice(string @namespace, string name, string? resourceVersion = null, string service = "web", int endpoints = 1)
    {
        var endpointArray = new JsonArray();
        for (int i = 0; i < endpoints; i++)
        {
            endpointArray.Add(new JsonObject
            {
                ["addresses"] = new JsonArray("10." + (i / 65536 % 256) + "." + (i / 256 % 256) + "." + (i % 256)),
                ["conditions"] = new JsonObject { ["ready"] = true, ["serving"] = true, ["terminating"] = false },
                ["nodeName"] = "node-" + (i % 97).ToString("D3", System.Globalization.CultureInfo.InvariantCulture),
                ["zone"] = "zone-" + (char)('a' + (i % 3)),
                ["targetRef"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = @namespace, ["name"] = name + "-pod-" + i, ["uid"] = "00000000-0000-0000-0000-" + i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture) },
            });
        }

        var metadata = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = @namespace,
            ["labels"] = new JsonObject { [ServiceNameLabel] = service },
        };
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        return new JsonObject
        {
            ["kind"] = "EndpointSlice",
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["metadata"] = metadata,
            ["addressType"] = "IPv4",
            ["endpoints"] = endpointArray,
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["protocol"] = "TCP" }),
        };
    }

    /// <summary>The smallest EndpointSlice a server sends: kind, apiVersion, name, resourceVersion, addressType, no endpoints.</summary>
    public static JsonObject SmallSlice(string name, string resourceVersion) => new()
    {
        ["kind"] = "EndpointSlice",
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["resourceVersion"] = resourceVersion },
        ["addressType"] = "IPv4",
        ["endpoints"] = new JsonArray(),
    };

    /// <summary>What a BOOKMARK carries: kind, apiVersion and metadata.resourceVersion (and maybe the initial-events-end annotation).</summary>
    public static JsonObject BookmarkObject(string resourceVersion, bool initialEventsEnd = false)
    {
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        return new JsonObject { ["kind"] = "EndpointSlice", ["apiVersion"] = "discovery.k8s.io/v1", ["metadata"] = metadata };
    }

    /// <summary>A metav1.Status.</summary>
    public static JsonObject Status(int code, string reason, string message, string? continueToken = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = continueToken is null ? new JsonObject() : new JsonObject { ["continue"] = continueToken },
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        return status;
    }

    /// <summary>One watch event line: <c>{"type":"ADDED","object":{...}}\n</c>.</summary>
    public static string Event(string type, JsonNode @object) =>
        "{\"type\":" + JsonSerializer.Serialize(type, Relaxed) + ",\"object\":" + @object.ToJsonString(Relaxed) + "}\n";

    /// <summary>Non-ASCII text stays raw UTF-8 (multi-byte sequences on the wire), as the API server writes it.</summary>
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
