namespace SliceClientGen.Client.Tests.Infrastructure;

/// <summary>Kubernetes JSON as an API server sends it (compact, in the server's property order).</summary>
public static class KubeJson
{
    public const string Slice =
        """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"web-abc","namespace":"default","uid":"0b8f6f5e-1d1c-4c55-9a35-3e2f4b8d7c10","resourceVersion":"4242","creationTimestamp":"2026-01-02T03:04:05Z","labels":{"kubernetes.io/service-name":"web"},"ownerReferences":[{"apiVersion":"v1","kind":"Service","name":"web","uid":"u-1"}]},"addressType":"IPv4","endpoints":[{"addresses":["10.0.0.7"],"conditions":{"ready":true,"serving":true,"terminating":false},"nodeName":"node-1","zone":"eu-west-1a"}],"ports":[{"name":"http","port":8080,"protocol":"TCP"}]}""";

    public static string SliceNamed(string name, string resourceVersion = "1") =>
        """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":""" + "\"" + name + "\"" + ""","resourceVersion":""" + "\"" + resourceVersion + "\"" + """},"addressType":"IPv4","endpoints":[]}""";

    public static string List(string resourceVersion, string? continueToken, params string[] items) =>
        """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSliceList","metadata":{"resourceVersion":""" + "\"" + resourceVersion + "\""
        + (continueToken is null ? string.Empty : ",\"continue\":\"" + continueToken + "\"")
        + """},"items":[""" + string.Join(",", items) + "]}";

    public static string Status(int code, string reason, string message) =>
        """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":""" + "\"" + message + "\"" + ""","reason":""" + "\"" + reason + "\"" + ""","code":""" + code + "}";
}
