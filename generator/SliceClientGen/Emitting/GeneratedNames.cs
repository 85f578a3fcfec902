namespace SliceClientGen.Emitting;

/// <summary>
/// The identifiers generated code declares or calls by name, in one place: emitters write these constants,
/// and <see cref="Building.NameScope"/> keeps schemas, properties, enum members and operations from taking them.
/// </summary>
internal static class GeneratedNames
{
    // Members of every generated model.

    /// <summary>The model property holding JSON members the schema does not describe.</summary>
    public const string AdditionalProperties = "AdditionalProperties";

    /// <summary>The converter nested in every model (an open enum's is the runtime's <see cref="OpenEnumConverter"/>).</summary>
    public const string JsonConverter = "JsonConverter";

    /// <summary>The model's private field owning its wire layout (presence, order as read, unknown members).</summary>
    public const string WireField = "_wire";

    // Members of every generated converter.

    /// <summary>The converter's static description of its model (JSON names, kinds, string sharing).</summary>
    public const string Shape = "Shape";

    /// <summary>Reads one value at the reader's current token.</summary>
    public const string ReadValue = "ReadValue";

    /// <summary>Writes one value.</summary>
    public const string WriteValue = "WriteValue";

    /// <summary>Creates a model with nothing set (what a required object property reads as before it is set).</summary>
    public const string CreateBlank = "CreateBlank";

    /// <summary>Whether a model has anything to write.</summary>
    public const string HasContent = "HasContent";

    // Members of the runtime's wire layout that every model's equality calls.

    /// <summary>Compares presence (properties created on first access aside) and unknown members of two models in one call.</summary>
    public const string PresenceAndUnknownMembersEqual = "PresenceAndUnknownMembersEqual";

    /// <summary>The hash of what <see cref="PresenceAndUnknownMembersEqual"/> compares.</summary>
    public const string PresenceAndUnknownMembersHash = "PresenceAndUnknownMembersHash";

    // Members of every generated open enum.

    /// <summary>The enum's wire value.</summary>
    public const string EnumValue = "Value";

    /// <summary>An open enum's property saying whether its value is one the document lists.</summary>
    public const string EnumIsKnown = "IsKnown";

    /// <summary>An open enum's private table of the values the document lists (the runtime's <c>JsonOpenEnumValues</c>).</summary>
    public const string KnownValuesField = "s_known";

    // Runtime types generated code spells without their namespace (SliceClientGen.Runtime.Serialization).

    /// <summary>The runtime's converter of every open enum; converters call its <c>ReadValue</c>/<c>WriteValue</c>.</summary>
    public const string OpenEnumConverter = "JsonOpenEnumConverter";

    /// <summary>The runtime interface an open enum implements for <see cref="OpenEnumConverter"/> (its values, a factory).</summary>
    public const string OpenEnumInterface = "IJsonOpenEnum";

    /// <summary>The runtime's table of an open enum's listed values.</summary>
    public const string OpenEnumValues = "JsonOpenEnumValues";

    // Members of the generated client (owned by the client emitters; listed so schemas and operations avoid them).

    /// <summary>The client's default server address.</summary>
    public const string DefaultServer = "DefaultServer";

    /// <summary>The client's request pipeline.</summary>
    public const string Pipeline = "Pipeline";

    /// <summary>The suffix of every operation method (<c>GetPodAsync</c>).</summary>
    public const string AsyncSuffix = "Async";

    /// <summary>Added to a server-sent-event operation's name for the method yielding whole events (<c>StreamChatEventsAsync</c>).</summary>
    public const string EventsSuffix = "Events";

    /// <summary>Replaces a trailing Event(s) of a server-sent-event operation's name for its events method (<c>StreamEvents</c> → <c>StreamServerSentEventsAsync</c>).</summary>
    public const string ServerSentEventsSuffix = "ServerSentEvents";

    /// <summary>The argument of a method whose body the document declares in several patch formats: the format to send it in.</summary>
    public const string PatchTypeArgument = "patchType";

    /// <summary>The argument of an events method whose value is sent as <c>Last-Event-ID</c>, when the document declares no such header.</summary>
    public const string LastEventIdArgument = "lastEventId";

    /// <summary>The cancellation token every operation method takes.</summary>
    public const string CancellationTokenArgument = "cancellationToken";

    /// <summary>The request variable of an operation method.</summary>
    public const string RequestArgument = "request";

    /// <summary>The streaming options argument of an operation whose response is a stream of items.</summary>
    public const string StreamingOptionsArgument = "streamingOptions";

    /// <summary>The watch options argument of a <c>Watch…Async</c> method.</summary>
    public const string WatchOptionsArgument = "watchOptions";

    /// <summary>The page size argument of the <c>Enumerate…Async</c> methods.</summary>
    public const string PageSizeArgument = "pageSize";

    /// <summary>The paging options argument of the <c>Enumerate…Async</c> methods.</summary>
    public const string PagingOptionsArgument = "pagingOptions";

    /// <summary>The informer factory's options argument.</summary>
    public const string InformerOptionsArgument = "options";

    /// <summary>The prefix and suffix of informer factories: <c>Create…Informer</c>.</summary>
    public const string InformerPrefix = "Create";

    /// <summary>The suffix of informer factories.</summary>
    public const string InformerSuffix = "Informer";

    /// <summary>The lambda parameters and local function of the list methods' bodies, which arguments may not shadow.</summary>
    public const string ContinueTokenLocal = "continueToken";

    /// <summary>The per-page cancellation token of the paging lambda.</summary>
    public const string PageTokenLocal = "token";

    /// <summary>The connection a watch's request factory builds a request for.</summary>
    public const string WatchConnectionLocal = "connection";

    /// <summary>The local function of a watch method that builds each connection's request.</summary>
    public const string CreateWatchRequestLocal = "CreateRequest";

    /// <summary>
    /// The file-local class beside the client that holds its plumbing (error tables, request factories): file
    /// scoped, so it is in no completion list of the user's code.
    /// </summary>
    public static string ClientPlumbing(string clientName) => clientName + "Plumbing";

    /// <summary>The error table of an operation, a field of <see cref="ClientPlumbing"/>.</summary>
    public static string ErrorsField(string operationName) => operationName + "Errors";

    /// <summary>The patch formats an operation declares (a runtime <c>PatchFormats</c>), a field of <see cref="ClientPlumbing"/>.</summary>
    public static string PatchFormatsField(string operationName) => operationName + "PatchFormats";

    /// <summary>The request factory shared by an operation's body overloads, a method of <see cref="ClientPlumbing"/>.</summary>
    public static string RequestFactory(string operationName) => "Create" + operationName + "Request";

    /// <summary>The dependency-injection registration class of a client.</summary>
    public static string ServiceCollectionExtensions(string clientName) => clientName + "ServiceCollectionExtensions";

    /// <summary>The registration method of a client (<c>services.AddPodsClient()</c>).</summary>
    public static string AddClientMethod(string clientName) => "Add" + clientName;
}
