using System.Collections.Generic;
using System.Linq;
using SliceClientGen.Building;
using SliceClientGen.Model;

namespace SliceClientGen.Emitting;

/// <summary>
/// Emits one operation's method (one per body overload): documented signature, the request it builds and the
/// pipeline call; and its plumbing (error table, shared request factory) for the file-local class.
/// </summary>
internal static class OperationEmitter
{
    /// <summary>The media type of the runtime's <c>JsonPatch</c> body.</summary>
    private const string JsonPatchMediaType = "application/json-patch+json";

    /// <summary>The patch formats in the order generated code lists them (the runtime's <c>PatchType</c> order).</summary>
    private static readonly PatchTypes[] PatchTypeOrder = { PatchTypes.MergePatch, PatchTypes.StrategicMergePatch, PatchTypes.JsonPatch, PatchTypes.ApplyPatch };

    /// <summary>The names the operation declares in the client and its plumbing class.</summary>
    public static IEnumerable<string> MemberNames(OperationModel operation)
    {
        yield return operation.MethodName;
        if (operation.Events is { } events)
        {
            yield return events.Name;
        }

        yield return GeneratedNames.ErrorsField(operation.Name);
        yield return GeneratedNames.RequestFactory(operation.Name);
        if (operation.Request.Body?.PatchChoice is not null)
        {
            yield return GeneratedNames.PatchFormatsField(operation.Name);
        }

        if (operation.List is { } list)
        {
            if (list.Watch is { } watch)
            {
                yield return watch.Name;
            }

            if (list.Paging is { } paging)
            {
                yield return paging.ItemsMethod;
                yield return paging.PagesMethod;
            }
        }
    }

    /// <summary>Body overloads share one request factory.</summary>
    public static bool HasRequestFactory(OperationModel operation) => operation.Request.Body is { Overloads.Count: > 1 };

    /// <summary>The parameters the plain method offers (a list's watch switch and watch-only knobs are the watch method's).</summary>
    public static List<ParameterModel> MethodParameters(OperationModel operation) => operation.List is null
        ? operation.Request.Parameters.ToList()
        : operation.Request.Parameters.Where(KubernetesConventions.IsOfferedByListMethod).ToList();

    public static void Write(SourceWriter w, ClientContext c, OperationModel operation)
    {
        List<ParameterModel> parameters = MethodParameters(operation);
        var overloads = operation.Request.Body is { } body ? body.Overloads.Select(o => (BodyArgument?)o).ToList() : new List<BodyArgument?> { null };
        foreach (BodyArgument? overload in overloads)
        {
            WriteMethod(w, c, operation, parameters, overload, events: false);
        }

        if (operation.Events is not null)
        {
            foreach (BodyArgument? overload in overloads)
            {
                WriteMethod(w, c, operation, parameters, overload, events: true);
            }
        }
    }

    /// <summary>The operation's error table, patch formats and request factory, if it has them; returns whether nothing was written yet.</summary>
    public static bool WritePlumbing(SourceWriter w, ClientContext c, OperationModel operation, bool first)
    {
        WriteErrors(w, c, operation, ref first);
        WritePatchFormats(w, c, operation, ref first);
        if (!HasRequestFactory(operation))
        {
            return first;
        }

        if (!first)
        {
            w.Line();
        }

        List<ParameterModel> parameters = MethodParameters(operation);
        string arguments = string.Join(", ", parameters.Select(p => ParameterType(c, p) + (p.Required ? " " : "? ") + p.ArgumentName));
        using (w.Block($"public static {c.Fx["ApiRequest"]} {GeneratedNames.RequestFactory(operation.Name)}({arguments})"))
        {
            WriteNullChecks(w, c, parameters);
            WriteStatement(w, "return " + NewRequest(c, operation.Request), RequestCalls(c, operation.Request, parameters));
        }

        return false;
    }

    private static void WriteErrors(SourceWriter w, ClientContext c, OperationModel operation, ref bool first)
    {
        if (operation.Response.Errors.Count == 0)
        {
            return;
        }

        if (!first)
        {
            w.Line();
        }

        first = false;
        var calls = operation.Response.Errors.Select(error =>
        {
            string type = c.TypeName(error.TypeName);
            return $".Add<{type}>({CSharpLiterals.String(error.Status)}, {c.Reader(TypeRef.ModelOf(error.TypeName))})";
        }).ToList();
        WriteStatement(w, $"public static readonly {c.Fx["ApiErrorBodies"]} {GeneratedNames.ErrorsField(operation.Name)} = {c.Fx["ApiErrorBodies"]}.None", calls);
    }

    /// <summary>
    /// <c>PatchFormats XPatchFormats = new("operationId", PatchType.MergePatch, …)</c>: the default format, then every
    /// format the document declares for the body.
    /// </summary>
    private static void WritePatchFormats(SourceWriter w, ClientContext c, OperationModel operation, ref bool first)
    {
        if (operation.Request.Body?.PatchChoice is not { } choice)
        {
            return;
        }

        if (!first)
        {
            w.Line();
        }

        first = false;
        string formats = c.Fx["PatchFormats"];
        IEnumerable<string> members = new[] { choice.Default }
            .Concat(PatchTypeOrder.Where(t => (choice.Accepted & t) != 0))
            .Select(t => c.Fx["PatchType"] + "." + t);
        w.Line($"public static readonly {formats} {GeneratedNames.PatchFormatsField(operation.Name)} = new({CSharpLiterals.String(operation.Request.OperationId)}, {string.Join(", ", members)});");
    }

    /// <summary>The error table an operation's calls pass: its own, or none.</summary>
    public static string Errors(ClientContext c, OperationModel operation) => operation.Response.Errors.Count == 0
        ? c.Fx["ApiErrorBodies"] + ".None"
        : c.Plumbing + "." + GeneratedNames.ErrorsField(operation.Name);

    /// <summary>Writes the operation's method taking <paramref name="body"/>; with <paramref name="events"/>, the method yielding whole server-sent events.</summary>
    private static void WriteMethod(SourceWriter w, ClientContext c, OperationModel operation, List<ParameterModel> parameters, BodyArgument? body, bool events)
    {
        RequestModel request = operation.Request;
        RequestBodyModel? bodyModel = request.Body;
        w.Line();
        WriteDocs(w, c, operation, parameters, body, events);
        if (operation.Docs.Deprecated)
        {
            w.Line($"[{c.Fx["Obsolete"]}({CSharpLiterals.String("The operation '" + request.OperationId + "' is deprecated in the OpenAPI document.")})]");
        }

        var arguments = new List<string>();
        arguments.AddRange(parameters.Where(p => p.Required).Select(p => ParameterType(c, p) + " " + p.ArgumentName));
        if (body is not null)
        {
            string type = BodyType(c, body);
            arguments.Add(bodyModel!.Required ? type + " " + bodyModel.ArgumentName
                : bodyModel.CanOmit(body) ? type + "? " + bodyModel.ArgumentName + " = null"
                : type + "? " + bodyModel.ArgumentName);
            if (bodyModel.TakesPatchType(body))
            {
                arguments.Add(c.Fx["PatchType"] + "? " + GeneratedNames.PatchTypeArgument + " = null");
            }
        }

        arguments.AddRange(parameters.Where(p => !p.Required).Select(p => ParameterType(c, p) + "? " + p.ArgumentName + " = null"));
        if (events && operation.Events is { LastEventIdDeclared: false } resume)
        {
            arguments.Add("string? " + resume.LastEventIdArgument + " = null");
        }

        if (operation.Response.IsItemStream)
        {
            arguments.Add(c.Fx["StreamingOptions"] + "? " + GeneratedNames.StreamingOptionsArgument + " = null");
        }

        arguments.Add(c.Fx["CancellationToken"] + " " + GeneratedNames.CancellationTokenArgument + " = default");

        string signature = events
            ? $"public {EventsReturnType(c, operation)} {operation.Events!.Name}({string.Join(", ", arguments)})"
            : $"public {ReturnType(c, operation)} {operation.MethodName}({string.Join(", ", arguments)})";
        using (w.Block(signature))
        {
            WriteNullChecks(w, c, parameters);
            if (body is { NullChecked: true } && bodyModel!.Required)
            {
                w.Line($"{c.Fx["ArgumentNullException"]}.ThrowIfNull({bodyModel.ArgumentName});");
            }

            string start;
            List<string> calls;
            if (HasRequestFactory(operation))
            {
                string factoryArguments = string.Join(", ", parameters.Select(p => p.ArgumentName));
                start = $"{c.Fx["ApiRequest"]} {GeneratedNames.RequestArgument} = {c.Plumbing}.{GeneratedNames.RequestFactory(operation.Name)}({factoryArguments})";
                calls = new List<string>();
            }
            else
            {
                start = $"{c.Fx["ApiRequest"]} {GeneratedNames.RequestArgument} = {NewRequest(c, request)}";
                calls = RequestCalls(c, request, parameters);
            }

            string? optionalBody = null;
            if (body is not null)
            {
                // An optional body is attached only when given; a JsonElement is a value and always is.
                string call = BodyCall(c, operation.Name, bodyModel!, body);
                if (bodyModel!.Required || body.Kind == BodyArgumentKind.JsonElement)
                {
                    calls.Add(call);
                }
                else
                {
                    optionalBody = call;
                }
            }

            WriteStatement(w, start, calls);
            if (optionalBody is not null)
            {
                using (w.Block($"if ({bodyModel!.ArgumentName} is not null)"))
                {
                    w.Line(GeneratedNames.RequestArgument + optionalBody + ";");
                }
            }

            w.Line(events ? EventsCall(c, operation) : SendCall(c, operation));
        }
    }

    private static string BodyType(ClientContext c, BodyArgument body) => body.Kind switch
    {
        BodyArgumentKind.JsonNode => c.Fx["JsonNode"],
        BodyArgumentKind.JsonElement => c.Fx["JsonElement"],
        BodyArgumentKind.Content => c.Fx["HttpContent"],
        BodyArgumentKind.Stream => c.Fx["Stream"],
        BodyArgumentKind.JsonPatch => c.Fx["JsonPatch"],
        _ => c.TypeOf(body.Type),
    };

    private static string BodyCall(ClientContext c, string operationName, RequestBodyModel model, BodyArgument body)
    {
        // A body the caller may send in another declared patch format gets its media type from the operation's PatchFormats.
        string mediaType = model.TakesPatchType(body)
            ? $"{c.Plumbing}.{GeneratedNames.PatchFormatsField(operationName)}.MediaType({GeneratedNames.PatchTypeArgument})"
            : CSharpLiterals.String(model.MediaType);
        return body.Kind switch
        {
            BodyArgumentKind.JsonPatch => $".WithJsonBody<{c.Fx["JsonPatch"]}>({model.ArgumentName}, {c.Fx["JsonPatch"]}.Write, {CSharpLiterals.String(JsonPatchMediaType)})",
            BodyArgumentKind.Content => $".WithContent({model.ArgumentName})",
            BodyArgumentKind.Stream => $".WithStreamBody({model.ArgumentName}, {mediaType})",
            BodyArgumentKind.Form => $".WithFormBody<{c.TypeOf(body.Type)}>({model.ArgumentName}, {c.Writer(body.Type)})",
            BodyArgumentKind.MultipartForm => $".WithContent({c.Fx["MultipartFormBody"]}.ToContent({model.ArgumentName}))",
            BodyArgumentKind.JsonNode => $".WithJsonBody({model.ArgumentName}, {mediaType})",

            // An optional JsonElement body is a JsonElement? argument: its default (Undefined) sends no body.
            BodyArgumentKind.JsonElement => $".WithJsonBody({model.ArgumentName}{(model.Required ? "" : ".GetValueOrDefault()")}, {mediaType})",

            // An optional value-type body (long?, bool?, a union struct) is attached inside 'if (body is not null)'.
            _ => $".WithJsonBody<{c.TypeOf(body.Type)}>({model.ArgumentName}{(body.Type.IsValueType && !model.Required ? ".Value" : "")}, {c.Writer(body.Type)}, {mediaType})",
        };
    }

    private static void WriteNullChecks(SourceWriter w, ClientContext c, List<ParameterModel> parameters)
    {
        foreach (ParameterModel parameter in parameters.Where(p => p.Required && p.Location != ParameterLocation.Path && !p.Type.IsValueType))
        {
            w.Line($"{c.Fx["ArgumentNullException"]}.ThrowIfNull({parameter.ArgumentName});");
        }
    }

    /// <summary>The method's return type: <c>Task&lt;T&gt;</c> or <c>Task</c>; <c>IAsyncEnumerable&lt;T&gt;</c> for a stream of items, <c>Task&lt;Stream&gt;</c> for bytes.</summary>
    public static string ReturnType(ClientContext c, OperationModel operation) => operation.Response switch
    {
        { IsItemStream: true, Result: { } item } => $"{c.Fx["IAsyncEnumerable"]}<{c.TypeOf(item)}>",
        { IsItemStream: true } => $"{c.Fx["IAsyncEnumerable"]}<string>",
        { BodyKind: ResponseBodyKind.Binary } => $"{c.Fx["Task"]}<{c.Fx["Stream"]}>",
        { Result: { } result } => $"{c.Fx["Task"]}<{c.TypeOf(result)}>",
        _ => c.Fx["Task"],
    };

    /// <summary>The events method's return type: <c>IAsyncEnumerable&lt;ServerSentEvent&lt;T&gt;&gt;</c> of the item type (string for text data).</summary>
    private static string EventsReturnType(ClientContext c, OperationModel operation) =>
        $"{c.Fx["IAsyncEnumerable"]}<{c.Fx["ServerSentEvent"]}<{(operation.Response.Result is { } item ? c.TypeOf(item) : "string")}>>";

    /// <summary>The statement that sends the request and yields each whole server-sent event.</summary>
    private static string EventsCall(ClientContext c, OperationModel operation)
    {
        string streaming = c.Fx["StreamingResponse"];
        string arguments = $"{Errors(c, operation)}, {GeneratedNames.StreamingOptionsArgument}, {operation.Events!.LastEventIdArgument}, {GeneratedNames.CancellationTokenArgument}";
        return operation.Response.Result is { } item
            ? $"return {streaming}.ReadEventsAsync<{c.TypeOf(item)}>({GeneratedNames.Pipeline}, {GeneratedNames.RequestArgument}, {ItemReader(c, item)}, {arguments});"
            : $"return {streaming}.ReadTextEventsAsync({GeneratedNames.Pipeline}, {GeneratedNames.RequestArgument}, {arguments});";
    }

    /// <summary>The statement that sends the request and reads the success body as the response model says.</summary>
    private static string SendCall(ClientContext c, OperationModel operation)
    {
        string request = GeneratedNames.RequestArgument;
        string errors = Errors(c, operation);
        string token = GeneratedNames.CancellationTokenArgument;
        string options = GeneratedNames.StreamingOptionsArgument;
        ResponseModel response = operation.Response;
        if (response.IsItemStream)
        {
            string streaming = c.Fx["StreamingResponse"];
            if (response.Result is not { } item)
            {
                return $"return {streaming}.ReadTextAsync({GeneratedNames.Pipeline}, {request}, {errors}, {options}, {token});";
            }

            string format = c.Fx["StreamingFormat"] + "." + response.BodyKind switch
            {
                ResponseBodyKind.ServerSentEvents => "ServerSentEvents",
                ResponseBodyKind.JsonLines => "JsonLines",
                _ => "JsonSequence",
            };
            return $"return {streaming}.ReadAsync<{c.TypeOf(item)}>({GeneratedNames.Pipeline}, {request}, {format}, {ItemReader(c, item)}, {errors}, {options}, {token});";
        }

        if (response.BodyKind == ResponseBodyKind.Binary)
        {
            return $"return {c.Fx["StreamingResponse"]}.OpenReadAsync({GeneratedNames.Pipeline}, {request}, {errors}, {token});";
        }

        return response.Result is { } result
            ? $"return {GeneratedNames.Pipeline}.SendAsync<{c.TypeOf(result)}>({request}, {c.Reader(result)}, {errors}, {token});"
            : $"return {GeneratedNames.Pipeline}.SendAsync({request}, {errors}, {token});";
    }

    /// <summary>A reader of one streamed item that shares the stream's read context (strings repeated across items are one instance).</summary>
    private static string ItemReader(ClientContext c, TypeRef item) => TypeSyntax.NeedsContext(item)
        ? c.ContextReader(item)
        : $"static (ref {c.Fx["Utf8JsonReader"]} reader, {c.Fx["JsonSerializerOptions"]} options, {TypeSyntax.ContextType} context) => {c.Reader(item)}(ref reader, options)";

    /// <summary><c>new ApiRequest(HttpMethod.Get, "/path/{name}", "operationId")</c>.</summary>
    public static string NewRequest(ClientContext c, RequestModel request) =>
        $"new {c.Fx["ApiRequest"]}({c.Fx["HttpMethod"]}.{MethodProperty(request.HttpMethod)}, {CSharpLiterals.String(request.Path)}, {CSharpLiterals.String(request.OperationId)})";

    /// <summary>The <c>.WithAccept(…)</c> and one <c>.With…</c> call per parameter.</summary>
    private static List<string> RequestCalls(ClientContext c, RequestModel request, IEnumerable<ParameterModel> parameters)
    {
        var calls = new List<string>();
        if (request.Accept != "application/json")
        {
            calls.Add($".WithAccept({CSharpLiterals.String(request.Accept)})");
        }

        calls.AddRange(parameters.Select(p => ParameterCall(c, p)));
        return calls;
    }

    /// <summary>Writes <paramref name="start"/> and one indented line per chained call; the last ends the statement.</summary>
    public static void WriteStatement(SourceWriter w, string start, IReadOnlyList<string> calls)
    {
        if (calls.Count == 0)
        {
            w.Line(start + ";");
            return;
        }

        w.Line(start);
        using (w.Indented())
        {
            for (int i = 0; i < calls.Count; i++)
            {
                w.Line(i == calls.Count - 1 ? calls[i] + ";" : calls[i]);
            }
        }
    }

    private static string MethodProperty(string method) => method switch
    {
        "GET" => "Get",
        "PUT" => "Put",
        "POST" => "Post",
        "DELETE" => "Delete",
        "OPTIONS" => "Options",
        "HEAD" => "Head",
        "PATCH" => "Patch",
        _ => "Trace",
    };

    /// <summary>The argument type: scalars and enums as themselves, arrays as IEnumerable.</summary>
    public static string ParameterType(ClientContext c, ParameterModel parameter) => parameter.Type.Kind == TypeRefKind.List
        ? $"{c.Fx["IEnumerable"]}<{c.TypeOf(parameter.Type.Element!)}>"
        : c.TypeOf(parameter.Type);

    /// <summary><c>.WithPath("namespace", @namespace)</c>, <c>.WithQuery("dryRun", dryRun?.Value)</c>, ….</summary>
    public static string ParameterCall(ClientContext c, ParameterModel parameter, string? value = null)
    {
        string name = CSharpLiterals.String(parameter.WireName);
        value ??= parameter.ArgumentName;
        string access = parameter.Required ? "." : "?.";
        string Invariant() => c.Fx["CultureInfo"] + ".InvariantCulture";
        switch (parameter.Location)
        {
            case ParameterLocation.Path:
                string segment = parameter.Type.Kind switch
                {
                    TypeRefKind.Enum => value + "." + GeneratedNames.EnumValue,
                    TypeRefKind.Double => $"{value}.ToString(\"R\", {Invariant()})",
                    TypeRefKind.DateTimeOffset => $"{c.Fx["JsonModelWriter"]}.FormatRfc3339({value})",
                    _ => value,
                };
                return $".WithPath({name}, {segment})";
            case ParameterLocation.Header:
                return $".WithHeader({name}, {(parameter.Type.Kind == TypeRefKind.Enum ? value + access + GeneratedNames.EnumValue : value)})";
            default:
                if (parameter.Type.Kind != TypeRefKind.List)
                {
                    return $".WithQuery({name}, {(parameter.Type.Kind == TypeRefKind.Enum ? value + access + GeneratedNames.EnumValue : value)})";
                }

                string? format = parameter.Type.Element!.Kind switch
                {
                    TypeRefKind.Enum => "static v => v." + GeneratedNames.EnumValue,
                    TypeRefKind.Boolean => "static v => v ? \"true\" : \"false\"",
                    TypeRefKind.Int32 or TypeRefKind.Int64 => $"static v => v.ToString({Invariant()})",
                    TypeRefKind.Double => $"static v => v.ToString(\"R\", {Invariant()})",
                    TypeRefKind.DateTimeOffset => $"static v => {c.Fx["JsonModelWriter"]}.FormatRfc3339(v)",
                    _ => null,
                };
                if (format is null)
                {
                    return $".WithQuery({name}, {value})";
                }

                _ = c.Fx["Enumerable"];
                return $".WithQuery({name}, {value}{access}Select({format}))";
        }
    }

    private static void WriteDocs(SourceWriter w, ClientContext c, OperationModel operation, List<ParameterModel> parameters, BodyArgument? body, bool events)
    {
        OperationDocsModel docs = operation.Docs;
        RequestModel request = operation.Request;

        // A summary from the document; without one, the description is the summary.
        bool descriptionIsSummary = string.IsNullOrWhiteSpace(docs.Summary) && !string.IsNullOrWhiteSpace(docs.Description);
        string summary = !string.IsNullOrWhiteSpace(docs.Summary) ? Sentence(Capitalize(XmlDoc.Text(docs.Summary!.Trim())))
            : descriptionIsSummary ? Sentence(Capitalize(XmlDoc.Text(docs.Description!.Trim())))
            : $"Sends {XmlDoc.Code(request.HttpMethod + " " + request.Path)}.";
        w.DocXml("summary", summary);
        w.DocXml("remarks", $"""
            {(descriptionIsSummary ? string.Empty : ClientEmitter.Paragraphs(docs.Description))}
            {Authentication(docs)}
            <para>{XmlDoc.Code(request.HttpMethod + " " + request.Path)} (operation {XmlDoc.Code(request.OperationId)}).</para>
            """);
        foreach (ParameterModel parameter in parameters.Where(p => p.Required))
        {
            WriteParameterDoc(w, c, parameter);
        }

        if (body is not null)
        {
            RequestBodyModel model = request.Body!;
            string optional = model.Required ? string.Empty : " Optional: null sends no body.";
            string sent = body.Kind == BodyArgumentKind.JsonPatch ? $"Sent as {XmlDoc.Code(JsonPatchMediaType)}."
                : model.TakesPatchType(body) ? $"Sent as {XmlDoc.Code(model.MediaType)} unless {XmlDoc.ParamRef(GeneratedNames.PatchTypeArgument)} names another format."
                : $"Sent as {XmlDoc.Code(model.MediaType)}.";
            w.DocXml("param", $"{BodyDoc(c, model, body)} {sent}{optional}", $" name=\"{model.ArgumentName.TrimStart('@')}\"");
            if (model.TakesPatchType(body))
            {
                w.DocXml("param", PatchTypeDoc(c, model.PatchChoice!), $" name=\"{GeneratedNames.PatchTypeArgument}\"");
            }
        }

        foreach (ParameterModel parameter in parameters.Where(p => !p.Required))
        {
            WriteParameterDoc(w, c, parameter);
        }

        if (events && operation.Events is { LastEventIdDeclared: false } resume)
        {
            w.DocXml("param", "Resumes the stream after this event: sent as the <c>Last-Event-ID</c> header, it is the " + c.See(c.Fx["ServerSentEvent"] + "{T}.Id") + " of the last event received before. Left out when null.", $" name=\"{resume.LastEventIdArgument}\"");
        }

        if (operation.Response.IsItemStream)
        {
            w.DocXml("param", operation.Response.BodyKind == ResponseBodyKind.ServerSentEvents
                ? "End sentinels (<c>[DONE]</c> by default), the largest item accepted and reconnection (<c>MaxReconnectAttempts</c>: off by default); null for the defaults."
                : "End sentinels (<c>[DONE]</c> by default) and the largest item accepted; null for the defaults.", $" name=\"{GeneratedNames.StreamingOptionsArgument}\"");
        }

        w.DocXml("param", operation.Response.IsItemStream ? "Ends the stream and closes its connection." : "Cancels the call and releases its connection.", $" name=\"{GeneratedNames.CancellationTokenArgument}\"");
        string described = operation.Docs.ResultDescription is { } description ? XmlDoc.Text(description) : "The response body";
        w.DocXml("returns", events
            ? Sentence(described) + " Each event as soon as it has arrived (" + XmlDoc.Code(operation.Request.Accept) + "): its data, its " + XmlDoc.Code("event")
                + " type, its " + XmlDoc.Code("id") + " (carried over from earlier events) and " + XmlDoc.Code("retry") + "; the request is sent when the enumeration starts."
            : operation.Response switch
        {
            { IsItemStream: true } => Sentence(described) + " The items, each as soon as it has arrived (" + XmlDoc.Code(operation.Request.Accept) + "): the request is sent when the enumeration starts.",
            { BodyKind: ResponseBodyKind.Binary } => Sentence(described) + " Read from the connection as it arrives; dispose it to release the connection.",
            { Result: null } => "A task that completes when the server has answered with success.",
            _ => Sentence(described),
        });
        WriteExceptionDoc(w, c, operation);
    }

    /// <summary>What a <c>patchType</c> may be: the formats the document declares, the default first.</summary>
    private static string PatchTypeDoc(ClientContext c, PatchChoiceModel choice)
    {
        string Describe(PatchTypes type) => c.See(c.Fx["PatchType"] + "." + type) + type switch
        {
            PatchTypes.MergePatch => " (RFC 7386: the fields to change)",
            PatchTypes.StrategicMergePatch => " (Kubernetes: lists merged by their merge key)",
            PatchTypes.JsonPatch when choice.Default != PatchTypes.JsonPatch => " (RFC 6902: needs an array of operations; the overload taking a " + c.See(c.Fx["JsonPatch"]) + " sends one)",
            PatchTypes.JsonPatch => " (RFC 6902: an array of operations)",
            _ => " (server-side apply: requires fieldManager)",
        };

        IEnumerable<PatchTypes> others = PatchTypeOrder.Where(t => t != choice.Default && (choice.Accepted & t) != 0);
        return $"The patch format to send the body in: null for {Describe(choice.Default)}, or {string.Join(", ", others.Select(Describe))}, as the document declares. "
            + $"Another throws {c.See(c.Fx["ArgumentException"])} before anything is sent.";
    }

    private static string BodyDoc(ClientContext c, RequestBodyModel model, BodyArgument body) => body.Kind switch
    {
        BodyArgumentKind.JsonPatch => $"The JSON Patch (RFC 6902) to apply: operations applied in order, all or none (a {XmlDoc.Code("test")} operation makes it conditional).",
        BodyArgumentKind.MultipartForm => $"The parts to send: each property of the {c.See(c.TypeName(body.Type.Name!))} that is set is one part.",
        BodyArgumentKind.JsonNode => "The JSON object to send as-is (for a merge patch, only the fields to change; null removes a field).",
        BodyArgumentKind.JsonElement => "The JSON object to send as-is.",
        BodyArgumentKind.PartialModel => $"{Capitalize(XmlDoc.Article(body.Type.Name!))} {c.See(c.TypeName(body.Type.Name!))} holding only the properties to send: properties never set are not written, properties set to null are written as null.",
        _ when model.Description is { } description => Sentence(XmlDoc.Text(description)),
        BodyArgumentKind.Typed when body.Type.Kind is TypeRefKind.Model => $"The {c.See(c.TypeName(body.Type.Name!))} to send.",
        BodyArgumentKind.Content => "The content to send.",
        BodyArgumentKind.Stream => "The bytes to send, read as they are sent (the stream is not disposed).",
        BodyArgumentKind.Form => $"The {c.See(c.TypeName(body.Type.Name!))} to send, each property a form field.",
        _ => "The value to send.",
    };

    /// <summary>"Authentication: an HTTP bearer token (bearerAuth) or …", or nothing when the operation needs none.</summary>
    private static string Authentication(OperationDocsModel docs)
    {
        if (docs.Security.Count == 0)
        {
            return string.Empty;
        }

        string alternatives = string.Join(" or ", docs.Security.Select(alternative => alternative.Count == 0
            ? "none"
            : string.Join(" and ", alternative.Select(scheme => DescribeScheme(scheme) + " (" + XmlDoc.Text(scheme.Name) + ")"))));
        return $"<para>Authentication: {alternatives}.</para>";
    }

    private static string DescribeScheme(SecuritySchemeModel scheme) => scheme.Kind switch
    {
        SecuritySchemeKind.BearerToken => "an HTTP bearer token",
        SecuritySchemeKind.Http => "HTTP " + XmlDoc.Text(scheme.Scheme ?? "authentication"),
        SecuritySchemeKind.MutualTls => "a mutual-TLS client certificate",
        SecuritySchemeKind.ApiKey => $"an API key in the {XmlDoc.Text(scheme.Scheme ?? "request")} '{XmlDoc.Text(scheme.KeyName ?? string.Empty)}'",
        SecuritySchemeKind.OAuth2 => "an OAuth 2.0 access token",
        SecuritySchemeKind.OpenIdConnect => "an OpenID Connect token",
        _ => "an undeclared scheme",
    };

    /// <summary>
    /// The doc of a parameter: the document's description (or, for an implied Kubernetes parameter, what it
    /// does; otherwise where it is sent), its server default, and what null means for this method.
    /// </summary>
    public static void WriteParameterDoc(SourceWriter w, ClientContext c, ParameterModel parameter, string whenNull = "Left out when null.")
    {
        string text = parameter.Description is { } description && !string.IsNullOrWhiteSpace(description)
            ? Sentence(XmlDoc.Text(description))
            : parameter.Implied ? ImpliedDescription(parameter.Role) + " (Not declared by the document; Kubernetes API servers honour it.)"
            : parameter.Location switch
            {
                ParameterLocation.Path => $"The {XmlDoc.Code(parameter.WireName)} path segment.",
                ParameterLocation.Header => $"Sent as the {XmlDoc.Code(parameter.WireName)} header.",
                _ => $"Sent as the {XmlDoc.Code(parameter.WireName)} query parameter.",
            };
        if (parameter.DefaultValue is { } defaultValue)
        {
            text += $" Server default: {XmlDoc.Code(defaultValue)}.";
        }

        if (!parameter.Required)
        {
            text += " " + whenNull;
        }

        w.DocXml("param", text, $" name=\"{parameter.ArgumentName.TrimStart('@')}\"");
    }

    /// <summary>What an implied list parameter does (the document does not say).</summary>
    private static string ImpliedDescription(ParameterRole role) => role switch
    {
        ParameterRole.Continue => "The continue token of the previous page's list metadata; requests the next page.",
        ParameterRole.ResourceVersion => "For a list, how recent the result must be; for a watch, the version whose later changes are sent.",
        ParameterRole.ResourceVersionMatch => "How <c>resourceVersion</c> is matched (<c>NotOlderThan</c>, <c>Exact</c>); <c>NotOlderThan</c> with <c>sendInitialEvents</c> streams the current state first.",
        ParameterRole.AllowWatchBookmarks => "Asks the server for BOOKMARK events, which move the resume point without a change.",
        ParameterRole.TimeoutSeconds => "How long the server keeps the call open before it ends it.",
        ParameterRole.SendInitialEvents => "With <c>resourceVersionMatch=NotOlderThan</c>: stream the current objects as ADDED events first, ended by a bookmark annotated <c>k8s.io/initial-events-end</c>.",
        _ => "A parameter every Kubernetes API server honours.",
    };

    public static void WriteExceptionDoc(SourceWriter w, ClientContext c, OperationModel operation)
    {
        string declared = operation.Response.Errors.Count == 0
            ? string.Empty
            : " Declared error bodies (" + string.Join(", ", operation.Response.Errors.Select(e => XmlDoc.Text(e.Status) + ": " + XmlDoc.See(c.TypeName(e.TypeName))))
              + ") are parsed into " + XmlDoc.See(c.Fx["ApiException"] + "{TError}.Error") + ".";
        w.DocXml("exception", "The server answered with an error status, or the response is not the declared JSON." + declared, $" cref=\"{c.Fx["ApiException"]}\"");
    }

    /// <summary>Text that ends with a full stop.</summary>
    public static string Sentence(string text)
    {
        text = text.TrimEnd();
        return text.EndsWith(".", System.StringComparison.Ordinal) ? text : text + ".";
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
}
