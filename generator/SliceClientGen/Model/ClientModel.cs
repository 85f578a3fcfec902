using SliceClientGen.Helpers;

namespace SliceClientGen.Model;

/// <summary>The typed client of one document: its operations and where requests go by default.</summary>
/// <param name="DefaultServer">The first <c>servers</c> URL with variables substituted, or null.</param>
/// <param name="Description">info.description, for the class's remarks.</param>
/// <param name="Operations">One entry per operation, in document order.</param>
internal sealed record ClientModel(
    string? DefaultServer,
    string? Description,
    EquatableArray<OperationModel> Operations)
{
    public static readonly ClientModel Empty = new(null, null, EquatableArray<OperationModel>.Empty);
}

/// <summary>Where a parameter travels.</summary>
internal enum ParameterLocation
{
    Path,
    Query,
    Header,
}

/// <summary>One operation, as the client method that calls it.</summary>
/// <param name="Name">PascalCase(operationId), or a name made from method and path; the method is Name + "Async".</param>
/// <param name="OperationId">operationId as written, or <paramref name="Name"/> when the document has none.</param>
/// <param name="HttpMethod">GET, POST, … (upper case).</param>
/// <param name="Path">The path template, such as <c>/api/v1/namespaces/{namespace}/pods</c>.</param>
/// <param name="Pointer">JSON pointer of the operation in the document.</param>
/// <param name="Summary">summary.</param>
/// <param name="Description">description.</param>
/// <param name="Deprecated">deprecated.</param>
/// <param name="Parameters">In argument order: required path and other required parameters, then optional ones.</param>
/// <param name="Body">The request body, when there is one.</param>
/// <param name="Result">The declared 2xx body type, or null when success has no body.</param>
/// <param name="ResultDescription">The success response's description, for the returns doc.</param>
/// <param name="Accept">The media type asked for in Accept.</param>
/// <param name="Errors">The declared typed error bodies.</param>
/// <param name="Security">Alternatives of security requirements, each a list of schemes, for the docs.</param>
/// <param name="List">Set when the result is a list (an object with an <c>items</c> array): watch and paging build on it.</param>
internal sealed record OperationModel(
    string Name,
    string OperationId,
    string HttpMethod,
    string Path,
    string Pointer,
    string? Summary,
    string? Description,
    bool Deprecated,
    EquatableArray<ParameterModel> Parameters,
    RequestBodyModel? Body,
    TypeRef? Result,
    string? ResultDescription,
    string Accept,
    EquatableArray<ErrorResponseModel> Errors,
    EquatableArray<EquatableArray<SecuritySchemeModel>> Security,
    ListShapeModel? List);

/// <summary>One parameter of an operation.</summary>
/// <param name="WireName">The name in the path template, query string or header.</param>
/// <param name="ArgumentName">The C# parameter name (a keyword gets <c>@</c>: <c>@namespace</c>, <c>@continue</c>).</param>
/// <param name="Location">Path, query or header.</param>
/// <param name="Type">The parameter's type (scalars, open enums, arrays of them).</param>
/// <param name="Required">Required: a non-optional argument.</param>
/// <param name="Description">description.</param>
/// <param name="Deprecated">deprecated.</param>
/// <param name="DefaultValue">The schema's default as JSON text, for the docs.</param>
/// <param name="Role">What the parameter does for list operations (watch switch, page size, continue token, watch-only).</param>
/// <param name="Implied">Not in the document but offered because every server of this kind honours it (Kubernetes list/watch parameters).</param>
internal sealed record ParameterModel(
    string WireName,
    string ArgumentName,
    ParameterLocation Location,
    TypeRef Type,
    bool Required,
    string? Description,
    bool Deprecated,
    string? DefaultValue,
    ParameterRole Role = ParameterRole.Normal,
    bool Implied = false);

/// <summary>The part a parameter plays in a list operation (Kubernetes API conventions); Normal elsewhere.</summary>
internal enum ParameterRole
{
    /// <summary>Passed through by every method of the operation.</summary>
    Normal,

    /// <summary>The boolean <c>watch</c> switch: set by the watch method, never offered by the list method.</summary>
    WatchSwitch,

    /// <summary><c>limit</c>: the page size.</summary>
    Limit,

    /// <summary><c>continue</c>: the continue token of the next page.</summary>
    Continue,

    /// <summary>Meaningful only for watches (<c>allowWatchBookmarks</c>, <c>sendInitialEvents</c>).</summary>
    WatchOnly,
}

/// <summary>How the request body is taken and sent.</summary>
internal enum BodyKind
{
    /// <summary>A JSON value of <see cref="RequestBodyModel.Type"/>, written by its generated writer.</summary>
    Json,

    /// <summary>A free-form JSON object: overloads take JsonNode, JsonElement and (when known) the resource model; sent as-is.</summary>
    FreeFormJson,

    /// <summary>A media type that is not JSON: the caller supplies the HttpContent.</summary>
    Content,
}

/// <summary>The request body of an operation.</summary>
/// <param name="Kind">How it is taken.</param>
/// <param name="Type">The JSON body's type (Any for free-form and non-JSON bodies).</param>
/// <param name="MediaType">The Content-Type sent.</param>
/// <param name="Required">requestBody.required.</param>
/// <param name="Description">description.</param>
/// <param name="ArgumentName">The C# parameter name (<c>body</c> unless a parameter has it).</param>
/// <param name="ResourceModel">For free-form bodies: the model also accepted (the 2xx result's model), or null.</param>
internal sealed record RequestBodyModel(
    BodyKind Kind,
    TypeRef Type,
    string MediaType,
    bool Required,
    string? Description,
    string ArgumentName,
    string? ResourceModel);

/// <summary>A declared error response with a typed body.</summary>
/// <param name="Status">The status code (<c>404</c>), range (<c>4XX</c>) or <c>default</c>.</param>
/// <param name="TypeName">The generated model of the body.</param>
/// <param name="Description">The response's description.</param>
internal sealed record ErrorResponseModel(string Status, string TypeName, string? Description);

/// <summary>A security scheme an operation accepts.</summary>
/// <param name="Name">The scheme's key in components.securitySchemes.</param>
/// <param name="Kind">A readable kind: "HTTP bearer token", "mutual TLS client certificate", ….</param>
internal sealed record SecuritySchemeModel(string Name, string Kind);

/// <summary>
/// The shape of a list result (Kubernetes <c>XList</c>: <c>items</c> array, <c>metadata.continue</c>) and the
/// list/watch parameters the operation has, found from the schema, never from names of resources.
/// </summary>
/// <param name="ItemType">The items array's element model.</param>
/// <param name="ItemsProperty">The C# property holding the items.</param>
/// <param name="MetadataProperty">The C# property of the list metadata (with continue/resourceVersion), or null.</param>
/// <param name="ContinueProperty">The C# property of metadata.continue, or null when the response has none.</param>
/// <param name="RemainingItemCountProperty">The C# property of metadata.remainingItemCount, or null.</param>
/// <param name="ItemMetadataProperty">The item model's metadata property, or null.</param>
/// <param name="ItemResourceVersionProperty">The item metadata's resourceVersion property (resume needs it), or null.</param>
/// <param name="Watchable">A boolean <c>watch</c> query parameter exists: a watch method is generated.</param>
/// <param name="Pageable">A <c>limit</c> query parameter exists and the response has metadata.continue: enumerate methods are generated.</param>
/// <param name="WatchMethod">The watch method's name (with Async), unique in the client.</param>
/// <param name="EnumerateMethod">The item enumeration method's name (with Async).</param>
/// <param name="EnumeratePagesMethod">The page enumeration method's name (with Async).</param>
internal sealed record ListShapeModel(
    TypeRef ItemType,
    string ItemsProperty,
    string? MetadataProperty,
    string? ContinueProperty,
    string? RemainingItemCountProperty,
    string? ItemMetadataProperty,
    string? ItemResourceVersionProperty,
    bool Watchable,
    bool Pageable,
    string WatchMethod = "",
    string EnumerateMethod = "",
    string EnumeratePagesMethod = "");
