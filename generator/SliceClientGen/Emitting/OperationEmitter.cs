using System.Collections.Generic;
using System.Linq;
using SliceClientGen.Model;

namespace SliceClientGen.Emitting;

/// <summary>Emits one operation's method(s): documented signature, request building, the pipeline call.</summary>
internal static class OperationEmitter
{
    public static IEnumerable<string> MemberNames(OperationModel operation)
    {
        yield return operation.Name + "Async";
        yield return ErrorsField(operation);
        if (operation.Body is { Kind: BodyKind.FreeFormJson })
        {
            yield return RequestFactory(operation);
        }

        foreach (string name in ListEmitter.MemberNames(operation))
        {
            yield return name;
        }
    }

    public static string ErrorsField(OperationModel operation) => operation.Name + "Errors";

    private static string RequestFactory(OperationModel operation) => "Create" + operation.Name + "Request";

    /// <summary>The parameters the plain method offers: all, except a list operation's watch switch and watch-only ones.</summary>
    public static IEnumerable<ParameterModel> MethodParameters(OperationModel operation) => operation.List is null
        ? operation.Parameters
        : operation.Parameters.Where(p => p.Role is not (ParameterRole.WatchSwitch or ParameterRole.WatchOnly));

    public static void Write(SourceWriter w, ClientContext c, OperationModel operation)
    {
        List<ParameterModel> parameters = MethodParameters(operation).ToList();
        w.Line();
        WriteErrorsField(w, c, operation);
        RequestBodyModel? body = operation.Body;
        if (body is { Kind: BodyKind.FreeFormJson })
        {
            WriteMethod(w, c, operation, parameters, c.Fx["JsonNode"], "the JSON object to send as-is (for a merge patch, only the fields to change; null removes a field)");
            w.Line();
            WriteMethod(w, c, operation, parameters, c.Fx["JsonElement"], "the JSON object to send as-is");
            if (body.ResourceModel is { } model)
            {
                w.Line();
                WriteMethod(w, c, operation, parameters, TypeSyntax.TypeName(c.Scope, model),
                    "a " + model + " object holding only the properties to send: properties never set are not written, properties set to null are written as null");
            }

            WriteRequestFactory(w, c, operation, parameters);
            return;
        }

        WriteMethod(w, c, operation, parameters, null, null);
        ListEmitter.Write(w, c, operation);
    }

    private static void WriteErrorsField(SourceWriter w, ClientContext c, OperationModel operation)
    {
        if (operation.Errors.Count == 0)
        {
            return;
        }

        w.Line("private static readonly " + c.Fx["ApiErrorBodies"] + " " + ErrorsField(operation) + " = " + c.Fx["ApiErrorBodies"] + ".None");
        w.Indent();
        for (int i = 0; i < operation.Errors.Count; i++)
        {
            ErrorResponseModel error = operation.Errors[i];
            string type = TypeSyntax.TypeName(c.Scope, error.TypeName);
            w.Line(".Add<" + type + ">(" + CSharpLiterals.String(error.Status) + ", " + type + ".JsonConverter.ReadValue)" + (i == operation.Errors.Count - 1 ? ";" : string.Empty));
        }

        w.Outdent();
        w.Line();
    }

    private static string Errors(ClientContext c, OperationModel operation) =>
        operation.Errors.Count == 0 ? c.Fx["ApiErrorBodies"] + ".None" : ErrorsField(operation);

    /// <summary>The method's return type: <c>Task&lt;T&gt;</c> or <c>Task</c>.</summary>
    public static string ReturnType(ClientContext c, OperationModel operation) =>
        operation.Result is { } result ? c.Fx["Task"] + "<" + c.TypeOf(result) + ">" : c.Fx["Task"];

    private static void WriteMethod(SourceWriter w, ClientContext c, OperationModel operation, List<ParameterModel> parameters, string? freeFormBodyType, string? freeFormBodyDoc)
    {
        RequestBodyModel? body = operation.Body;
        WriteDocs(w, c, operation, parameters, freeFormBodyDoc);
        if (operation.Deprecated)
        {
            w.Line("[Obsolete(\"The operation '" + operation.OperationId.Replace("\"", "'") + "' is deprecated in the OpenAPI document.\")]");
        }

        var arguments = new List<string>();
        arguments.AddRange(parameters.Where(p => p.Required).Select(p => ParameterType(c, p) + " " + p.ArgumentName));
        if (body is not null)
        {
            string bodyType = freeFormBodyType ?? (body.Kind == BodyKind.Content ? c.Fx["HttpContent"] : c.TypeOf(body.Type));
            arguments.Add(body.Required ? bodyType + " " + body.ArgumentName : bodyType + "? " + body.ArgumentName + " = null");
        }

        arguments.AddRange(parameters.Where(p => !p.Required).Select(p => ParameterType(c, p) + "? " + p.ArgumentName + " = null"));
        arguments.Add(c.Fx["CancellationToken"] + " cancellationToken = default");
        w.Open("public " + ReturnType(c, operation) + " " + operation.Name + "Async(" + string.Join(", ", arguments) + ")");

        foreach (ParameterModel parameter in parameters.Where(p => p.Required && p.Location != ParameterLocation.Path && !p.Type.IsValueType))
        {
            w.Line(c.Fx["ArgumentNullException"] + ".ThrowIfNull(" + parameter.ArgumentName + ");");
        }

        if (body is { Required: true } && (freeFormBodyType is null || freeFormBodyType == c.Fx["JsonNode"] || body.ResourceModel is not null && freeFormBodyType != c.Fx["JsonElement"]))
        {
            w.Line(c.Fx["ArgumentNullException"] + ".ThrowIfNull(" + body.ArgumentName + ");");
        }

        var chain = new List<string>();
        string start;
        if (freeFormBodyType is not null)
        {
            start = c.Fx["ApiRequest"] + " request = " + RequestFactory(operation) + "(" + string.Join(", ", parameters.Select(p => p.ArgumentName)) + ")";
        }
        else
        {
            start = RequestStart(c, operation, chain, parameters);
        }

        string? optionalBody = null;
        if (body is not null)
        {
            string bodyExpression = freeFormBodyType is null ? BodyCall(c, body) : freeFormBodyType == c.Fx["JsonNode"] || freeFormBodyType == c.Fx["JsonElement"]
                ? ".WithJsonBody(" + body.ArgumentName + ", " + CSharpLiterals.String(body.MediaType) + ")"
                : ".WithJsonBody<" + freeFormBodyType + ">(" + body.ArgumentName + ", " + freeFormBodyType + ".JsonConverter.WriteValue, " + CSharpLiterals.String(body.MediaType) + ")";
            if (body.Required || freeFormBodyType == c.Fx["JsonElement"])
            {
                chain.Add(bodyExpression);
            }
            else
            {
                optionalBody = bodyExpression;
            }
        }

        WriteStatement(w, start, chain);
        if (optionalBody is not null)
        {
            w.Open("if (" + body!.ArgumentName + " is not null)");
            w.Line("request" + optionalBody + ";");
            w.Close();
        }

        w.Line(SendCall(c, operation));
        w.Close();
    }

    private static string BodyCall(ClientContext c, RequestBodyModel body) => body.Kind == BodyKind.Content
        ? ".WithContent(" + body.ArgumentName + ")"
        : ".WithJsonBody<" + c.TypeOf(body.Type) + ">(" + body.ArgumentName + ", " + TypeSyntax.Writer(c.Scope, body.Type) + ", " + CSharpLiterals.String(body.MediaType) + ")";

    /// <summary>The <c>ApiRequest request = new ApiRequest(…)</c> start; the With… calls are added to <paramref name="chain"/>.</summary>
    public static string RequestStart(ClientContext c, OperationModel operation, List<string> chain, IEnumerable<ParameterModel> parameters, string variable = "request")
    {
        if (operation.Accept != "application/json")
        {
            chain.Add(".WithAccept(" + CSharpLiterals.String(operation.Accept) + ")");
        }

        foreach (ParameterModel parameter in parameters)
        {
            chain.Add(ParameterCall(c, parameter));
        }

        return c.Fx["ApiRequest"] + " " + variable + " = " + NewRequest(c, operation);
    }

    private static string NewRequest(ClientContext c, OperationModel operation) =>
        "new " + c.Fx["ApiRequest"] + "(" + c.Fx["HttpMethod"] + "." + MethodProperty(operation.HttpMethod) + ", " + CSharpLiterals.String(operation.Path) + ", " + CSharpLiterals.String(operation.OperationId) + ")";

    /// <summary>Writes <paramref name="start"/> followed by one indented line per chained call; the last ends the statement.</summary>
    public static void WriteStatement(SourceWriter w, string start, List<string> chain)
    {
        if (chain.Count == 0)
        {
            w.Line(start + ";");
            return;
        }

        w.Line(start);
        w.Indent();
        for (int i = 0; i < chain.Count; i++)
        {
            w.Line(chain[i] + (i == chain.Count - 1 ? ";" : string.Empty));
        }

        w.Outdent();
    }

    private static void WriteRequestFactory(SourceWriter w, ClientContext c, OperationModel operation, List<ParameterModel> parameters)
    {
        w.Line();
        var arguments = parameters.Select(p => ParameterType(c, p) + (p.Required ? " " : "? ") + p.ArgumentName);
        w.Open("private static " + c.Fx["ApiRequest"] + " " + RequestFactory(operation) + "(" + string.Join(", ", arguments) + ")");
        foreach (ParameterModel parameter in parameters.Where(p => p.Required && p.Location != ParameterLocation.Path && !p.Type.IsValueType))
        {
            w.Line(c.Fx["ArgumentNullException"] + ".ThrowIfNull(" + parameter.ArgumentName + ");");
        }

        var chain = new List<string>();
        RequestStart(c, operation, chain, parameters);
        WriteStatement(w, "return " + NewRequest(c, operation), chain);
        w.Close();
    }

    private static string SendCall(ClientContext c, OperationModel operation) => operation.Result is { } result
        ? "return _pipeline.SendAsync<" + c.TypeOf(result) + ">(request, " + TypeSyntax.Reader(c.Scope, result) + ", " + Errors(c, operation) + ", cancellationToken);"
        : "return _pipeline.SendAsync(request, " + Errors(c, operation) + ", cancellationToken);";

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
        ? c.Fx["IEnumerable"] + "<" + c.TypeOf(parameter.Type.Element!) + ">"
        : c.TypeOf(parameter.Type);

    /// <summary><c>.WithPath("namespace", @namespace)</c>, <c>.WithQuery("dryRun", dryRun?.Value)</c>, ….</summary>
    public static string ParameterCall(ClientContext c, ParameterModel parameter, string? valueOverride = null)
    {
        string name = CSharpLiterals.String(parameter.WireName);
        string value = valueOverride ?? parameter.ArgumentName;
        string nullable = parameter.Required ? "." : "?.";
        switch (parameter.Location)
        {
            case ParameterLocation.Path:
                return ".WithPath(" + name + ", " + parameter.Type.Kind switch
                {
                    TypeRefKind.Enum => value + ".Value",
                    TypeRefKind.Double => value + ".ToString(\"R\", " + c.Fx["CultureInfo"] + ".InvariantCulture)",
                    TypeRefKind.DateTimeOffset => c.Fx["JsonModelWriter"] + ".FormatRfc3339(" + value + ")",
                    _ => value,
                } + ")";
            case ParameterLocation.Header:
                return ".WithHeader(" + name + ", " + (parameter.Type.Kind == TypeRefKind.Enum ? value + nullable + "Value" : value) + ")";
            default:
                if (parameter.Type.Kind == TypeRefKind.List)
                {
                    string format = parameter.Type.Element!.Kind switch
                    {
                        TypeRefKind.Enum => "static v => v.Value",
                        TypeRefKind.Boolean => "static v => v ? \"true\" : \"false\"",
                        TypeRefKind.Int32 or TypeRefKind.Int64 => "static v => v.ToString(" + c.Fx["CultureInfo"] + ".InvariantCulture)",
                        TypeRefKind.Double => "static v => v.ToString(\"R\", " + c.Fx["CultureInfo"] + ".InvariantCulture)",
                        TypeRefKind.DateTimeOffset => "static v => " + c.Fx["JsonModelWriter"] + ".FormatRfc3339(v)",
                        _ => string.Empty,
                    };
                    return ".WithQuery(" + name + ", " + (format.Length == 0 ? value : value + nullable + "Select(" + format + ")") + ")";
                }

                return ".WithQuery(" + name + ", " + (parameter.Type.Kind == TypeRefKind.Enum ? value + nullable + "Value" : value) + ")";
        }
    }

    private static void WriteDocs(SourceWriter w, ClientContext c, OperationModel operation, List<ParameterModel> parameters, string? freeFormBodyDoc)
    {
        w.Doc("summary", operation.Summary ?? operation.HttpMethod + " " + operation.Path);
        WriteRemarks(w, operation);
        foreach (ParameterModel parameter in parameters.Where(p => p.Required))
        {
            WriteParameterDoc(w, parameter);
        }

        if (operation.Body is { } body)
        {
            string text = freeFormBodyDoc is null ? body.Description ?? "The request body." : Capitalize(freeFormBodyDoc) + ".";
            w.Doc("param", text + " Sent as " + body.MediaType + ".", " name=\"" + body.ArgumentName + "\"");
        }

        foreach (ParameterModel parameter in parameters.Where(p => !p.Required))
        {
            WriteParameterDoc(w, parameter);
        }

        w.DocRaw("<param name=\"cancellationToken\">Cancels the call and releases its connection.</param>");
        w.Doc("returns", operation.Result is null
            ? "A task that completes when the server has answered with success."
            : (operation.ResultDescription ?? "The response body") + ".");
        WriteExceptionDoc(w, c, operation);
    }

    public static void WriteRemarks(SourceWriter w, OperationModel operation)
    {
        w.Line("/// <remarks>");
        if (!string.IsNullOrWhiteSpace(operation.Description))
        {
            ClientEmitter.WriteParagraphs(w, operation.Description!);
        }

        if (operation.Security.Count > 0)
        {
            w.Line("/// <para>Authentication: " + SourceWriter.Escape(DescribeSecurity(operation)) + ".</para>");
        }

        w.Line("/// <para><c>" + operation.HttpMethod + " " + SourceWriter.Escape(operation.Path) + "</c> (operation <c>" + SourceWriter.Escape(operation.OperationId) + "</c>).</para>");
        w.Line("/// </remarks>");
    }

    public static void WriteParameterDoc(SourceWriter w, ParameterModel parameter, string whenNull = "Left out when null.")
    {
        string text = parameter.Description ?? "The <c>" + parameter.WireName + "</c> " + parameter.Location.ToString().ToLowerInvariant() + " parameter.";
        text = text.TrimEnd();
        if (!text.EndsWith(".", System.StringComparison.Ordinal))
        {
            text += ".";
        }

        if (parameter.DefaultValue is { } defaultValue)
        {
            text += " Server default: " + defaultValue + ".";
        }

        if (parameter.Implied)
        {
            text += " (Not declared by the document; Kubernetes API servers honour it.)";
        }

        if (!parameter.Required)
        {
            text += " " + whenNull;
        }

        w.Doc("param", text, " name=\"" + parameter.ArgumentName.TrimStart('@') + "\"");
    }

    public static void WriteExceptionDoc(SourceWriter w, ClientContext c, OperationModel operation)
    {
        string declared = operation.Errors.Count == 0
            ? string.Empty
            : " Declared error bodies (" + string.Join(", ", operation.Errors.Select(e => e.Status + ": " + e.TypeName)) + ") are parsed into <see cref=\"" + c.Fx["ApiException"] + "{TError}.Error\"/>.";
        w.DocRaw("<exception cref=\"" + c.Fx["ApiException"] + "\">The server answered with an error status, or the response is not the declared JSON." + SourceWriter.Escape(declared).Replace("&lt;see cref=\"", "<see cref=\"").Replace("\"/&gt;", "\"/>") + "</exception>");
    }

    private static string DescribeSecurity(OperationModel operation) => string.Join(" or ", operation.Security.Select(alternative => alternative.Count == 0
        ? "none"
        : string.Join(" and ", alternative.Select(s => s.Kind + " (" + s.Name + ")"))));

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
}
