namespace SliceClientGen.Http.Tests.Infrastructure;

/// <summary>JSON a Kubernetes API server sends, compact and in the server's property order.</summary>
public static class KubeObjects
{
    public const string Slice = """{"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1","metadata":{"name":"web-abc","namespace":"default","resourceVersion":"42","ownerReferences":[{"apiVersion":"v1","kind":"Service","name":"web","uid":"u-1"}]},"addressType":"IPv4","endpoints":[{"addresses":["10.0.0.7"],"conditions":{"ready":true,"serving":true,"terminating":false},"nodeName":"node-1","zone":"eu-1a"}],"ports":[{"name":"http","protocol":"TCP","port":8080}]}""";

    public const string List = """{"kind":"EndpointSliceList","apiVersion":"discovery.k8s.io/v1","metadata":{"resourceVersion":"43","continue":"next-page"},"items":[""" + Slice + "]}";

    public static string Status(int code, string reason, string message) =>
        $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{message}}","reason":"{{reason}}","code":{{code}}}""";
}
