using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SliceClientGen.TestSupport;

/// <summary>
/// Kubernetes JSON as an API server sends it (compact, in the server's property order), written by hand so it is
/// independent of the generated code under test: texts for scripted answers, objects to build on.
/// </summary>
public static class KubeJson
{
    /// <summary>The label that ties an EndpointSlice to its Service.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>One EndpointSlice with every commonly used field.</summary>
    public const string Slice =
        """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"web-abc","namespace":"default","uid":"0b8f6f5e-1d1c-4c55-9a35-3e2f4b8d7c10","resourceVersion":"4242","creationTimestamp":"2026-01-02T03:04:05Z","labels":{"kubernetes.io/service-name":"web"},"ownerReferences":[{"apiVersion":"v1","kind":"Service","name":"web","uid":"u-1"}]},"addressType":"IPv4","endpoints":[{"addresses":["10.0.0.7"],"conditions":{"ready":true,"serving":true,"terminating":false},"nodeName":"node-1","zone":"eu-west-1a"}],"ports":[{"name":"http","port":8080,"protocol":"TCP"}]}""";

    /// <summary>An EndpointSliceList without items.</summary>
    public const string EmptyList = """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSliceList","metadata":{"resourceVersion":"7"},"items":[]}""";

    /// <summary>The smallest EndpointSlice text with <paramref name="name"/> and <paramref name="resourceVersion"/>.</summary>
    public static string SliceNamed(string name, string resourceVersion = "1") =>
        """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":""" + "\"" + name + "\"" + ""","resourceVersion":""" + "\"" + resourceVersion + "\"" + """},"addressType":"IPv4","endpoints":[]}""";

    /// <summary>An EndpointSliceList text with the given items (JSON texts).</summary>
    public static string List(string resourceVersion, string? continueToken, params string[] items) =>
        """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSliceList","metadata":{"resourceVersion":""" + "\"" + resourceVersion + "\""
        + (continueToken is null ? string.Empty : ",\"continue\":\"" + continueToken + "\"")
        + """},"items":[""" + string.Join(",", items) + "]}";

    /// <summary>A metav1.Status text.</summary>
    public static string Status(int code, string reason, string message) => StatusObject(code, reason, message).ToJsonString();

    /// <summary>A metav1.Status (with <c>metadata.continue</c> when given, as a 410 for an expired continue token has).</summary>
    public static JsonObject StatusObject(int code, string reason, string message, string? continueToken = null) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = continueToken is null ? new JsonObject() : new JsonObject { ["continue"] = continueToken },
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    /// <summary>An EndpointSlice with <paramref name="endpoints"/> ready IPv4 endpoints (node, zone, Pod target) and one port.</summary>
    public static JsonObject SliceObject(string @namespace, string name, string? resourceVersion = null, string service = "web", int endpoints = 1)
    {
        var endpointArray = new JsonArray();
        for (int i = 0; i < endpoints; i++)
        {
            endpointArray.Add(new JsonObject
            {
                ["addresses"] = new JsonArray("10." + (i / 65536 % 256) + "." + (i / 256 % 256) + "." + (i % 256)),
                ["conditions"] = new JsonObject { ["ready"] = true, ["serving"] = true, ["terminating"] = false },
                ["nodeName"] = "node-" + (i % 97).ToString("D3", CultureInfo.InvariantCulture),
                ["zone"] = "zone-" + (char)('a' + (i % 3)),
                ["targetRef"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = @namespace, ["name"] = name + "-pod-" + i, ["uid"] = "00000000-0000-0000-0000-" + i.ToString("D12", CultureInfo.InvariantCulture) },
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

    /// <summary>One watch event line: <c>{"type":"ADDED","object":{...}}\n</c>.</summary>
    public static string Event(string type, JsonNode @object) =>
        "{\"type\":" + JsonSerializer.Serialize(type, Relaxed) + ",\"object\":" + @object.ToJsonString(Relaxed) + "}\n";

    /// <summary>UTF-8 bytes of <paramref name="text"/>.</summary>
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Non-ASCII text stays raw UTF-8 (multi-byte sequences on the wire), as the API server writes it.</summary>
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
