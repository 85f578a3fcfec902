using SliceClientGen.Helpers;

namespace SliceClientGen.Model;

/// <summary>The typed client of one document: its operations and where requests go by default.</summary>
/// <param name="DefaultServer">The first <c>servers</c> URL with variables substituted, or null.</param>
/// <param name="Description">info.description, for the class's remarks.</param>
/// <param name="Operations">One entry per generated operation, in document order.</param>
internal sealed record ClientModel(
    string? DefaultServer,
    string? Description,
    EquatableArray<OperationModel> Operations);

/// <summary>Where a parameter travels.</summary>
internal enum ParameterLocation
{
    Path,
    Query,
    Header,
}

/// <summary>One operation, as the client method that calls it (and, for a list, the methods built on it).</summary>
/// <param name="Name">PascalCase(operationId), or a name made from method and path; unique in the client.</param>
/// <param name="MethodName">The client method: <paramref name="Name"/> + <c>Async</c>.</param>
/// <param name="Request">What is sent: method, path, parameters, body.</param>
/// <param name="Response">What comes back: the typed result and the declared error bodies.</param>
/// <param name="Docs">What the document says about it, for the XML docs.</param>
/// <param name="List">Set for a Kubernetes-style list operation: the watch and paging methods built on it.</param>
/// <param name="Events">
/// Set for a server-sent-event operation: the method yielding each whole event (its data typed as the items of
/// <paramref name="MethodName"/>, with its event type, id and retry), which can resume after a given event.
/// </param>
internal sealed record OperationModel(
    string Name,
    string MethodName,
    RequestModel Request,
    ResponseModel Response,
    OperationDocsModel Docs,
    ListOperationModel? List,
    EventsMethodModel? Events = null);

/// <summary>The <c>…EventsAsync</c> method of a server-sent-event operation.</summary>
/// <param name="Name">
/// The method's name (with Async), unique in the client: <c>PascalCase(operationId) + EventsAsync</c>, or, for a name
/// that already ends in <c>Event</c> or <c>Events</c>, that word replaced by <c>ServerSentEvents</c>
/// (<c>streamEvents</c> → <c>StreamServerSentEventsAsync</c> beside <c>StreamEventsAsync</c>).
/// </param>
/// <param name="LastEventIdArgument">The argument whose value is sent as <c>Last-Event-ID</c> (the event the stream resumes after).</param>
/// <param name="LastEventIdDeclared">
/// The document declares the <c>Last-Event-ID</c> header: <paramref name="LastEventIdArgument"/> is that parameter's
/// argument (every method of the operation has it). Otherwise the events method adds it as its last optional argument.
/// </param>
internal sealed record EventsMethodModel(string Name, string LastEventIdArgument, bool LastEventIdDeclared);

/// <summary>The HTTP request of an operation.</summary>
/// <param name="HttpMethod">GET, POST, … (upper case).</param>
/// <param name="Path">The path template, such as <c>/api/v1/namespaces/{namespace}/pods</c>.</param>
/// <param name="OperationId">operationId as written, or the operation's name when the document has none.</param>
/// <param name="Accept">The media type asked for in Accept.</param>
/// <param name="Parameters">In argument order: path parameters in template order, other required ones, then optional ones.</param>
/// <param name="Body">The request body, when there is one.</param>
internal sealed record RequestModel(
    string HttpMethod,
    string Path,
    string OperationId,
    string Accept,
    EquatableArray<ParameterModel> Parameters,
    RequestBodyModel? Body);

/// <summary>The response of an operation.</summary>
/// <param name="Result">The declared 2xx body type, or null when success has no body.</param>
/// <param name="Errors">The declared typed error bodies.</param>
/// <param name="BodyKind">How the success body is read: one JSON value, a stream of items of <paramref name="Result"/> (null: server-sent event data as text), or a binary Stream.</param>
internal sealed record ResponseModel(
    TypeRef? Result,
    EquatableArray<ErrorResponseModel> Errors,
    ResponseBodyKind BodyKind = ResponseBodyKind.Json)
{
    /// <summary>The method returns IAsyncEnumerable of items.</summary>
    public bool IsItemStream => BodyKind is ResponseBodyKind.ServerSentEvents or ResponseBodyKind.JsonLines or ResponseBodyKind.JsonSequence;
}

/// <summary>Document text about an operation (plain text; emitters escape it).</summary>
/// <param name="Summary">summary.</param>
/// <param name="Description">description.</param>
/// <param name="Deprecated">deprecated: the method is <c>[Obsolete]</c>.</param>
/// <param name="ResultDescription">The success response's description, for the returns doc.</param>
/// <param name="Security">Alternatives of security requirements, each a list of schemes.</param>
internal sealed record OperationDocsModel(
    string? Summary,
    string? Description,
    bool Deprecated,
    string? ResultDescription,
    EquatableArray<EquatableArray<SecuritySchemeModel>> Security);

/// <summary>One parameter of an operation.</summary>
/// <param name="WireName">The name in the path template, query string or header.</param>
/// <param name="ArgumentName">The C# parameter name (a keyword gets <c>@</c>: <c>@namespace</c>, <c>@continue</c>).</param>
/// <param name="Location">Path, query or header.</param>
/// <param name="Type">The parameter's type (scalars, open enums, arrays of them).</param>
/// <param name="Required">Required: a non-optional argument.</param>
/// <param name="Description">description; null for an implied parameter (its emitter describes it by role).</param>
/// <param name="Deprecated">deprecated.</param>
/// <param name="DefaultValue">The schema's default as JSON text, for the docs.</param>
/// <param name="Role">The part it plays in a Kubernetes list or watch; <see cref="ParameterRole.Normal"/> elsewhere.</param>
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

/// <summary>
/// The part a query parameter plays in a Kubernetes list operation (API conventions, decided by
/// <c>Building/KubernetesConventions</c>); <see cref="Normal"/> everywhere else.
/// </summary>
internal enum ParameterRole
{
    /// <summary>Passed through by every method of the operation (selectors, <c>pretty</c>, …).</summary>
    Normal,

    /// <summary>The boolean <c>watch</c> switch: set by the watch method, never offered by the others.</summary>
    WatchSwitch,

    /// <summary><c>limit</c>: the page size.</summary>
    Limit,

    /// <summary><c>continue</c>: the continue token of the next page.</summary>
    Continue,

    /// <summary><c>resourceVersion</c>: how fresh a list must be; where a watch starts (and resumes).</summary>
    ResourceVersion,

    /// <summary><c>resourceVersionMatch</c>: how resourceVersion is matched; sent on a watch's first connection only.</summary>
    ResourceVersionMatch,

    /// <summary><c>timeoutSeconds</c>: how long the server keeps the call open; a watch asks for a randomized one.</summary>
    TimeoutSeconds,

    /// <summary><c>allowWatchBookmarks</c>: a watch asks for bookmarks unless told otherwise.</summary>
    AllowWatchBookmarks,

    /// <summary><c>sendInitialEvents</c>: the current state first; sent on a watch's first connection only.</summary>
    SendInitialEvents,
}

/// <summary>How the request body is taken and sent.</summary>
internal enum BodyKind
{
    /// <summary>A JSON value of <see cref="RequestBodyModel.Type"/>, written by its generated writer.</summary>
    Json,

    /// <summary>A free-form JSON object: taken as a JsonNode, a JsonElement or (when known) the resource model, sent as-is.</summary>
    FreeFormJson,

    /// <summary>A media type that is not JSON: the caller supplies the HttpContent.</summary>
    Content,
}

/// <summary>One way of taking a body: each is a method overload.</summary>
internal enum BodyArgumentKind
{
    /// <summary>The body's JSON type, written by its generated writer (<see cref="BodyArgument.Type"/>).</summary>
    Typed,

    /// <summary>A <c>JsonNode</c> sent as-is (a merge patch: only the fields to change; null removes one).</summary>
    JsonNode,

    /// <summary>A <c>JsonElement</c> sent as-is.</summary>
    JsonElement,

    /// <summary>The resource model holding only the properties to send (<see cref="BodyArgument.Type"/>).</summary>
    PartialModel,

    /// <summary>An <c>HttpContent</c> the caller made.</summary>
    Content,

    /// <summary>A <c>Stream</c> of bytes (<c>application/octet-stream</c>), sent as it is read.</summary>
    Stream,

    /// <summary>The body's model (<see cref="BodyArgument.Type"/>) sent as <c>application/x-www-form-urlencoded</c> fields.</summary>
    Form,

    /// <summary>The generated multipart form (<see cref="BodyArgument.Type"/>, a <see cref="TypeModelKind.MultipartForm"/>) sent as <c>multipart/form-data</c> parts.</summary>
    MultipartForm,

    /// <summary>The runtime's <c>JsonPatch</c> (RFC 6902 operations), always sent as <c>application/json-patch+json</c>.</summary>
    JsonPatch,
}

/// <summary>Patch formats (the runtime's <c>PatchType</c> members, by name) a body may be sent in.</summary>
[System.Flags]
internal enum PatchTypes
{
    None = 0,

    /// <summary><c>application/merge-patch+json</c> (RFC 7386).</summary>
    MergePatch = 1,

    /// <summary><c>application/strategic-merge-patch+json</c> (Kubernetes).</summary>
    StrategicMergePatch = 2,

    /// <summary><c>application/json-patch+json</c> (RFC 6902).</summary>
    JsonPatch = 4,

    /// <summary><c>application/apply-patch+yaml</c> (Kubernetes server-side apply).</summary>
    ApplyPatch = 8,
}

/// <summary>
/// The patch formats a caller may pick for a body that the document declares in several (every PATCH of a Kubernetes
/// API server's document): its methods take an optional <c>patchType</c>.
/// </summary>
/// <param name="Default">The format of <see cref="RequestBodyModel.MediaType"/>, sent when the caller picks none (a single flag).</param>
/// <param name="Accepted">Every declared format.</param>
internal sealed record PatchChoiceModel(PatchTypes Default, PatchTypes Accepted);

/// <summary>One overload's body argument.</summary>
/// <param name="Kind">How the value is taken and written.</param>
/// <param name="Type">The C# type for <see cref="BodyArgumentKind.Typed"/> and <see cref="BodyArgumentKind.PartialModel"/>; Any otherwise.</param>
/// <param name="NullChecked">A required body of this kind is checked for null (a JsonElement cannot be null).</param>
internal sealed record BodyArgument(BodyArgumentKind Kind, TypeRef Type, bool NullChecked);

/// <summary>The request body of an operation.</summary>
/// <param name="Kind">How it is taken.</param>
/// <param name="Type">The JSON body's type (Any for free-form and non-JSON bodies).</param>
/// <param name="MediaType">The Content-Type sent.</param>
/// <param name="Required">requestBody.required.</param>
/// <param name="Description">description.</param>
/// <param name="ArgumentName">The C# parameter name (<c>body</c> unless a parameter has it).</param>
/// <param name="Overloads">One method per entry, in order; more than one share a request factory.</param>
/// <param name="PatchChoice">Set when the document declares the body in several patch formats: the caller may pick one.</param>
internal sealed record RequestBodyModel(
    BodyKind Kind,
    TypeRef Type,
    string MediaType,
    bool Required,
    string? Description,
    string ArgumentName,
    EquatableArray<BodyArgument> Overloads,
    PatchChoiceModel? PatchChoice = null)
{
    /// <summary>Whether the overload taking <paramref name="overload"/> takes a <c>patchType</c> (not the JSON Patch overload: its format is its type).</summary>
    public bool TakesPatchType(BodyArgument overload) => PatchChoice is not null && overload.Kind != BodyArgumentKind.JsonPatch;

    /// <summary>
    /// Whether a call may leave the body out of the overload taking <paramref name="overload"/> (its argument defaults to
    /// null): for an optional body, the first overload only, so a call without a body has one method to pick (several
    /// such overloads make it ambiguous, CS0121). The others take the body as an argument, which may still be null.
    /// </summary>
    public bool CanOmit(BodyArgument overload) => !Required && Overloads.Count > 0 && Overloads[0] == overload;
}

/// <summary>A declared error response with a typed body.</summary>
/// <param name="Status">The status code (<c>404</c>), range (<c>4XX</c>) or <c>default</c>.</param>
/// <param name="TypeName">The generated model of the body.</param>
/// <param name="Description">The response's description.</param>
internal sealed record ErrorResponseModel(string Status, string TypeName, string? Description);

/// <summary>A security scheme an operation accepts.</summary>
/// <param name="Name">The scheme's key in components.securitySchemes.</param>
/// <param name="Kind">What kind of scheme it is.</param>
/// <param name="Scheme">For HTTP schemes, the scheme name (<c>basic</c>, …); for API keys, where the key goes.</param>
/// <param name="KeyName">For API keys, the header, query or cookie name.</param>
internal sealed record SecuritySchemeModel(string Name, SecuritySchemeKind Kind, string? Scheme = null, string? KeyName = null);

/// <summary>The kinds of security scheme the docs describe.</summary>
internal enum SecuritySchemeKind
{
    Undeclared,
    BearerToken,
    Http,
    MutualTls,
    ApiKey,
    OAuth2,
    OpenIdConnect,
}

/// <summary>
/// A Kubernetes-style list operation (its result is an object with an <c>items</c> array of models) and the
/// methods generated on top of it, as decided by <c>Building/KubernetesConventions</c> from the document's shape.
/// </summary>
/// <param name="ItemType">The items array's element model.</param>
/// <param name="ItemsProperty">The C# property holding the items.</param>
/// <param name="Watch">The streaming watch method, when the operation has a boolean <c>watch</c> query parameter.</param>
/// <param name="Paging">The paging methods, when it has a <c>limit</c> parameter and the list metadata has <c>continue</c>.</param>
/// <param name="HasRemainingItemCount">The list metadata has <c>remainingItemCount</c>.</param>
internal sealed record ListOperationModel(
    TypeRef ItemType,
    string ItemsProperty,
    WatchMethodModel? Watch,
    PagingMethodsModel? Paging,
    bool HasRemainingItemCount,
    InformerMethodModel? Informer = null);

/// <summary>The <c>Watch…Async</c> method of a list operation.</summary>
/// <param name="Name">The method's name (with Async), unique in the client.</param>
/// <param name="Arguments">The list operation's parameters the watch offers, in argument order.</param>
/// <param name="Query">Every parameter the watch request sends, with where its value comes from.</param>
/// <param name="ResourceVersionArgument">The argument a watch starts from, or null.</param>
/// <param name="TimeoutSecondsArgument">The argument that sets the server-side timeout, or null.</param>
/// <param name="ItemResourceVersionPath">Item property path to its resourceVersion (<c>Metadata?.ResourceVersion</c>), or null: resumes need it.</param>
/// <param name="Supersedes">Operation ids of deprecated <c>/watch/</c> paths this method replaces (not generated).</param>
internal sealed record WatchMethodModel(
    string Name,
    EquatableArray<ParameterModel> Arguments,
    EquatableArray<WatchQueryValue> Query,
    string? ResourceVersionArgument,
    string? TimeoutSecondsArgument,
    string? ItemResourceVersionPath,
    EquatableArray<string> Supersedes);

/// <summary>The <c>Create…Informer</c> factory of a list operation that is both pageable and watchable.</summary>
/// <param name="Name">The factory's name, unique in the client.</param>
/// <param name="Arguments">The parameters the informer's lists and watches pass through (path parameters, selectors).</param>
/// <param name="Limit">The list method's page-size argument.</param>
/// <param name="Continue">The list method's continue-token argument.</param>
/// <param name="ResourceVersion">The resourceVersion argument (list and watch).</param>
/// <param name="ResourceVersionMatch">The resourceVersionMatch argument (list and watch).</param>
/// <param name="AllowWatchBookmarks">The watch's bookmarks argument.</param>
/// <param name="SendInitialEvents">The watch's sendInitialEvents argument.</param>
/// <param name="ListResourceVersionPath">Page property path to its resourceVersion (<c>Metadata?.ResourceVersion</c>).</param>
/// <param name="ItemNamespacePath">Item property path to its namespace (<c>Metadata?.Namespace</c>).</param>
/// <param name="ItemNamePath">Item property path to its name.</param>
/// <param name="ItemResourceVersionPath">Item property path to its resourceVersion.</param>
/// <param name="ItemLabelsPath">Item property path to its labels, or null.</param>
/// <param name="Resource">The collection's name for logs and metrics (the path's last segment).</param>
internal sealed record InformerMethodModel(
    string Name,
    EquatableArray<ParameterModel> Arguments,
    string Limit,
    string Continue,
    string ResourceVersion,
    string ResourceVersionMatch,
    string AllowWatchBookmarks,
    string SendInitialEvents,
    string ListResourceVersionPath,
    string ItemNamespacePath,
    string ItemNamePath,
    string ItemResourceVersionPath,
    string? ItemLabelsPath,
    string Resource);

/// <summary>Where the value of a watch request's parameter comes from.</summary>
internal enum WatchValueSource
{
    /// <summary>The caller's argument, on every connection.</summary>
    Argument,

    /// <summary>Always <c>true</c> (the watch switch).</summary>
    True,

    /// <summary>The caller's argument, or <c>true</c> when null (bookmarks).</summary>
    ArgumentOrTrue,

    /// <summary>The connection's resourceVersion (the caller's at first, the last seen on a resume).</summary>
    ConnectionResourceVersion,

    /// <summary>The connection's server-side timeout.</summary>
    ConnectionTimeout,

    /// <summary>The caller's argument on the first connection only.</summary>
    FirstConnectionOnly,
}

/// <summary>One parameter of a watch request and the source of its value.</summary>
internal sealed record WatchQueryValue(ParameterModel Parameter, WatchValueSource Source);

/// <summary>The <c>Enumerate…Async</c> and <c>Enumerate…PagesAsync</c> methods of a pageable list operation.</summary>
/// <param name="ItemsMethod">The item enumeration method's name (with Async).</param>
/// <param name="PagesMethod">The page enumeration method's name (with Async).</param>
/// <param name="Arguments">The parameters paging passes through (not page size, token, versions or watch knobs).</param>
/// <param name="Limit">The page-size parameter.</param>
/// <param name="Continue">The continue-token parameter.</param>
/// <param name="ContinuePath">Page property path to the next continue token (<c>Metadata?.Continue</c>).</param>
internal sealed record PagingMethodsModel(
    string ItemsMethod,
    string PagesMethod,
    EquatableArray<ParameterModel> Arguments,
    ParameterModel Limit,
    ParameterModel Continue,
    string ContinuePath);
