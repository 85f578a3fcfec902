using System.Runtime.CompilerServices;

namespace SliceClientGen.Tests.Generator;

/// <summary>The OpenAPI documents the tests generate from, read from the repository.</summary>
internal static class Documents
{
    /// <summary>
    /// The components of the small pet documents tests write (the client baselines share them): a resource, its list in
    /// the Kubernetes shape (items, metadata with continue and resourceVersion) and an error body.
    /// </summary>
    public const string PetComponents = """
        components:
          schemas:
            Pet:
              type: object
              properties:
                metadata: { $ref: '#/components/schemas/ObjectMeta' }
                name: { type: string }
            ObjectMeta:
              type: object
              properties:
                name: { type: string }
                resourceVersion: { type: string }
            PetList:
              type: object
              properties:
                items:
                  type: array
                  items: { $ref: '#/components/schemas/Pet' }
                metadata: { $ref: '#/components/schemas/ListMeta' }
            ListMeta:
              type: object
              properties:
                continue: { type: string }
                resourceVersion: { type: string }
                remainingItemCount: { type: integer, format: int64 }
            Problem:
              type: object
              properties:
                message: { type: string }
        """;

    public static string RepoRoot { get; } = FindRoot();

    public static (string path, string text, string? ns, string? className) EndpointSlices(string? ns = "Contoso.Kube", string? className = "EndpointSlicesClient") =>
        Load("openapi/kubernetes-endpoint-slices-openapi.yml", ns, className);

    public static (string path, string text, string? ns, string? className) Discovery(string? ns = "Contoso.Discovery", string? className = null) =>
        Load("openapi/kubernetes-discovery-v1-openapi.json", ns, className);

    public static (string path, string text, string? ns, string? className) Constructs(string? ns = "Contoso.Constructs", string? className = null) =>
        Load("tests/TestDocuments/constructs.yml", ns, className);

    public static (string path, string text, string? ns, string? className) Inline(string fileName, string text, string? ns = "Contoso.Test", string? className = null) =>
        ("/project/openapi/" + fileName, text, ns, className);

    public static (string path, string text, string? ns, string? className) Load(string relativePath, string? ns, string? className)
    {
        string text = File.ReadAllText(Path.Combine(RepoRoot, relativePath));
        return ("/project/" + relativePath, text, ns, className);
    }

    private static string FindRoot([CallerFilePath] string thisFile = "")
    {
        string? directory = Path.GetDirectoryName(thisFile);
        while (directory is not null && !File.Exists(Path.Combine(directory, "SliceClientGen.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("SliceClientGen.sln not found above " + thisFile);
    }
}
