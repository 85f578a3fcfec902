using System;
using System.Collections.Generic;

namespace SliceClientGen.Testing;

/// <summary>
/// A resource the embedded API server serves: objects of one kind under
/// <c>/apis/{group}/{version}/[namespaces/{namespace}/]{plural}</c> (or <c>/api/{version}/…</c> for the core group).
/// </summary>
public sealed class ApiResource
{
    /// <summary>Creates a resource description.</summary>
    /// <param name="group">The API group, empty for the core group (<c>/api/v1</c>).</param>
    /// <param name="version">The API version, for example <c>v1</c>.</param>
    /// <param name="plural">The plural, lower-case resource name used in URLs, for example <c>endpointslices</c>.</param>
    /// <param name="kind">The object kind, for example <c>EndpointSlice</c>.</param>
    /// <param name="namespaced">Whether objects live in namespaces.</param>
    public ApiResource(string group, string version, string plural, string kind, bool namespaced = true)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(plural);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        Group = group;
        Version = version;
        Plural = plural;
        Kind = kind;
        Namespaced = namespaced;
    }

    /// <summary>The API group; empty for the core group.</summary>
    public string Group { get; }

    /// <summary>The API version.</summary>
    public string Version { get; }

    /// <summary>The plural resource name used in URLs.</summary>
    public string Plural { get; }

    /// <summary>The kind of the objects.</summary>
    public string Kind { get; }

    /// <summary>Whether objects live in namespaces.</summary>
    public bool Namespaced { get; }

    /// <summary>The kind of list responses: <see cref="Kind"/> + <c>List</c>.</summary>
    public string ListKind => Kind + "List";

    /// <summary>The <c>apiVersion</c> of the objects: <c>group/version</c>, or the version alone for the core group.</summary>
    public string GroupVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>The singular name shown by discovery; the lower-case kind unless set.</summary>
    public string Singular { get => _singular ?? Kind.ToLowerInvariant(); init => _singular = value; }

    /// <summary>Short names shown by discovery (for example <c>kubectl get eps</c>).</summary>
    public IReadOnlyList<string> ShortNames { get; init; } = Array.Empty<string>();

    /// <summary>
    /// The JSON pointer (<c>#/components/schemas/…</c>) of the schema in the server's OpenAPI document that writes are
    /// validated against, or <see langword="null"/> for no validation. Set by <see cref="FromOpenApiDocument"/>.
    /// </summary>
    public string? SchemaReference { get; init; }

    /// <summary>
    /// The read-only core <c>namespaces</c> view the server adds (see <see cref="KubeApiServerOptions.ServeNamespaces"/>):
    /// its objects are computed from the namespaces in use, not stored.
    /// </summary>
    internal bool IsNamespaceView { get; private init; }

    internal static ApiResource NamespaceView() =>
        new(string.Empty, "v1", "namespaces", "Namespace", namespaced: false) { ShortNames = new[] { "ns" }, IsNamespaceView = true };

    /// <summary>The name used in Status messages and Conflict errors: <c>plural.group</c>, or the plural for the core group.</summary>
    internal string QualifiedName => Group.Length == 0 ? Plural : Plural + "." + Group;

    /// <summary>The URL path of the collection, without namespace: <c>/apis/group/version/plural</c>.</summary>
    internal string GroupVersionPath => Group.Length == 0 ? "/api/" + Version : "/apis/" + Group + "/" + Version;

    private readonly string? _singular;

    /// <summary>
    /// Reads the resources an OpenAPI document (YAML or JSON, OpenAPI 3.x or Swagger 2.0) describes from the shape of
    /// its paths: <c>/apis/{group}/{version}/namespaces/{namespace}/{plural}</c> for namespaced resources,
    /// <c>/apis/{group}/{version}/{plural}/{name}</c> for cluster-scoped ones (and <c>/api/{version}/…</c> for the core
    /// group). The kind comes from <c>x-kubernetes-group-version-kind</c>, or the schema's <c>kind</c> constant, or the
    /// schema name; the schema of the create body becomes <see cref="SchemaReference"/>.
    /// </summary>
    /// <param name="path">The document's path.</param>
    /// <exception cref="OpenApiDocumentException">The document cannot be read.</exception>
    public static IReadOnlyList<ApiResource> FromOpenApiDocument(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return OpenApi.ResourceReader.Read(OpenApi.OpenApiDocumentLoader.Load(path), path);
    }

    /// <inheritdoc />
    public override string ToString() => QualifiedName + " (" + GroupVersion + ", " + Kind + ")";
}
