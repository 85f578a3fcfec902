using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using Microsoft.OpenApi;
using SliceClientGen.Diagnostics;
using SliceClientGen.Emitting;
using SliceClientGen.Helpers;
using SliceClientGen.Model;
using SliceClientGen.Reading;
using ModelLocation = SliceClientGen.Model.ParameterLocation;

namespace SliceClientGen.Building;

/// <summary>
/// Turns the paths of one OpenAPI document into <see cref="OperationModel"/>s: method names, ordered and
/// C#-named parameters, body, typed result and errors, security, and the list shape that watch and paging
/// build on (found from the schema: an <c>items</c> array, <c>metadata.continue</c>, a boolean <c>watch</c>).
/// </summary>
internal sealed partial class OperationModelBuilder
{
    private static readonly HttpMethod[] MethodOrder =
    {
        HttpMethod.Get, HttpMethod.Put, HttpMethod.Post, HttpMethod.Delete, HttpMethod.Options, HttpMethod.Head, new("PATCH"), HttpMethod.Trace,
    };

    private const string JsonPatchMediaType = "application/json-patch+json";
    private const string MergePatchMediaType = "application/merge-patch+json";
    private const string StrategicMergePatchMediaType = "application/strategic-merge-patch+json";

    /// <summary>The request header a server-sent event stream resumes with (HTML Living Standard, server-sent events).</summary>
    private const string LastEventIdHeader = "Last-Event-ID";

    private readonly OpenApiDocument _document;
    private readonly SourceMap _map;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly SchemaModelBuilder _schemas;
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<string> _methodNames = new(System.StringComparer.Ordinal);

    public OperationModelBuilder(OpenApiDocument document, SourceMap map, List<DiagnosticInfo> diagnostics, SchemaModelBuilder schemas, CancellationToken cancellationToken)
    {
        _document = document;
        _map = map;
        _diagnostics = diagnostics;
        _schemas = schemas;
        _cancellationToken = cancellationToken;
    }

    public ClientModel Build(IEnumerable<string> reservedMemberNames)
    {
        _methodNames.UnionWith(reservedMemberNames);
        var operations = new List<(OperationModel Operation, KubernetesConventions.ListShape? List)>();
        var declaresApply = new HashSet<int>();
        if (_document.Paths is { } paths)
        {
            foreach (KeyValuePair<string, IOpenApiPathItem> path in paths)
            {
                if (path.Value.Operations is not { } byMethod)
                {
                    continue;
                }

                foreach (HttpMethod method in MethodOrder)
                {
                    KeyValuePair<HttpMethod, OpenApiOperation> match = byMethod.FirstOrDefault(o => string.Equals(o.Key.Method, method.Method, System.StringComparison.OrdinalIgnoreCase));
                    if (match.Value is not null)
                    {
                        _cancellationToken.ThrowIfCancellationRequested();
                        if (match.Value.RequestBody?.Content?.ContainsKey(KubernetesConventions.ApplyPatchMediaType) == true)
                        {
                            declaresApply.Add(operations.Count);
                        }

                        operations.Add(BuildOperation(path.Key, path.Value, method.Method.ToUpperInvariant(), match.Value));
                    }
                }
            }
        }

        // The deprecated /watch/ paths a streaming watch method replaces are left out; their names are free again.
        Dictionary<int, int> superseded = KubernetesConventions.FindSupersededWatchPaths(
            operations.Select(o => (o.Operation.Request.HttpMethod, o.Operation.Request.Path, o.List is { Watchable: true })).ToList());
        foreach (int index in superseded.Keys)
        {
            _methodNames.Remove(operations[index].Operation.MethodName);
        }

        // Names of the watch and enumerate methods, once every operation has its own name.
        var result = new List<OperationModel>();
        for (int i = 0; i < operations.Count; i++)
        {
            (OperationModel operation, KubernetesConventions.ListShape? list) = operations[i];
            if (superseded.ContainsKey(i))
            {
                continue;
            }

            if (list is not null)
            {
                EquatableArray<string> supersedes = superseded.Where(s => s.Value == i).OrderBy(s => s.Key).Select(s => operations[s.Key].Operation.Request.OperationId).ToEquatableArray();
                operation = operation with { List = CreateListOperation(operation, list, supersedes) };
            }

            if (operation.Response.BodyKind == ResponseBodyKind.ServerSentEvents)
            {
                operation = operation with { Events = EventsMethod(operation) };
            }

            result.Add(operation);
            if (KubernetesConventions.ApplyOperation(operation, declaresApply.Contains(i), () => ApplyMethodName(operation)) is { } apply)
            {
                result.Add(apply);
            }
        }

        return new ClientModel(DefaultServer(), _document.Info?.Description, result.ToEquatableArray());
    }

    /// <summary><c>PatchNamespacedPod</c> → <c>ApplyNamespacedPodAsync</c>, unique after the document's own operations are named.</summary>
    private string ApplyMethodName(OperationModel patch)
    {
        string name = patch.Name.StartsWith("Patch", System.StringComparison.Ordinal) ? "Apply" + patch.Name.Substring(5) : "Apply" + patch.Name;
        name = Identifiers.MakeUnique(name + GeneratedNames.AsyncSuffix, _methodNames);
        _methodNames.Add(name);
        return name;
    }

    /// <summary>
    /// The events method of a server-sent-event operation: <c>StreamChat</c> → <c>StreamChatEventsAsync</c>; a name that
    /// already ends in the word Event(s) has it replaced, not doubled: <c>StreamEvents</c> → <c>StreamServerSentEventsAsync</c>
    /// (beside <c>StreamEventsAsync</c>). Unique after the document's own operations are named. It resumes after the event
    /// given in the document's own <c>Last-Event-ID</c> header parameter, or else in a <c>lastEventId</c> argument of its own.
    /// </summary>
    private EventsMethodModel EventsMethod(OperationModel operation)
    {
        string stem = operation.Name.EndsWith(GeneratedNames.ServerSentEventsSuffix, System.StringComparison.Ordinal) ? operation.Name
            : (StripTrailingWord(operation.Name, "Events") ?? StripTrailingWord(operation.Name, "Event")) is { } bare ? bare + GeneratedNames.ServerSentEventsSuffix
            : operation.Name + GeneratedNames.EventsSuffix;
        string name = stem + GeneratedNames.AsyncSuffix;
        if (_methodNames.Contains(name))
        {
            // Numbered before the suffix, as the document's own names are: StreamServerSentEvents2Async.
            var stems = new HashSet<string>(_methodNames.Where(n => n.EndsWith(GeneratedNames.AsyncSuffix, System.StringComparison.Ordinal)).Select(n => n.Substring(0, n.Length - GeneratedNames.AsyncSuffix.Length)));
            name = Identifiers.MakeUnique(stem, stems) + GeneratedNames.AsyncSuffix;
        }

        _methodNames.Add(name);
        if (operation.Request.Parameters.FirstOrDefault(p => p.Location == ModelLocation.Header && p.Type.Kind == TypeRefKind.String
                && string.Equals(p.WireName, LastEventIdHeader, System.StringComparison.OrdinalIgnoreCase)) is { } declared)
        {
            return new EventsMethodModel(name, declared.ArgumentName, LastEventIdDeclared: true);
        }

        HashSet<string> taken = NameScope.ForOperationArguments();
        taken.UnionWith(operation.Request.Parameters.Select(p => p.ArgumentName.TrimStart('@')));
        if (operation.Request.Body is { } body)
        {
            taken.Add(body.ArgumentName);
        }

        return new EventsMethodModel(name, Identifiers.MakeUnique(GeneratedNames.LastEventIdArgument, taken), LastEventIdDeclared: false);
    }

    /// <summary><paramref name="name"/> without the PascalCase word <paramref name="word"/> at its end (possibly empty), or null.</summary>
    private static string? StripTrailingWord(string name, string word) =>
        name.EndsWith(word, System.StringComparison.Ordinal) ? name.Substring(0, name.Length - word.Length) : null;

    private string? DefaultServer()
    {
        if (_document.Servers is not { Count: > 0 } servers || string.IsNullOrWhiteSpace(servers[0].Url))
        {
            return null;
        }

        string url = servers[0].Url!;
        if (servers[0].Variables is { } variables)
        {
            foreach (KeyValuePair<string, OpenApiServerVariable> variable in variables)
            {
                url = url.Replace("{" + variable.Key + "}", variable.Value.Default ?? string.Empty);
            }
        }

        return url;
    }

    private (OperationModel Operation, KubernetesConventions.ListShape? List) BuildOperation(string path, IOpenApiPathItem item, string method, OpenApiOperation operation)
    {
        string pointer = SourceMap.Append("/paths", path) + "/" + method.ToLowerInvariant();
        string name = OperationName(operation, method, path, pointer);

        // Operation-level parameters override path-level ones with the same name and location.
        var declared = new List<(IOpenApiParameter Parameter, string Pointer)>();
        AddParameters(declared, item.Parameters, SourceMap.Append("/paths", path) + "/parameters");
        AddParameters(declared, operation.Parameters, pointer + "/parameters");

        (TypeRef? result, string? resultDescription, string accept) = BuildResult(operation, name, pointer);
        ResponseBodyKind bodyKind = ResponseBodyKind.Json;
        if (result is null && BuildStreamingResult(operation, name, pointer) is { } streaming)
        {
            (bodyKind, result, resultDescription, accept) = streaming;
        }

        KubernetesConventions.ListShape? list = result is null || bodyKind != ResponseBodyKind.Json ? null : KubernetesConventions.FindListShape(result, _schemas.FindType, (wireName, kind) => HasQuery(declared, wireName, kind));

        HashSet<string> taken = NameScope.ForOperationArguments();
        var parameters = new List<ParameterModel>();
        foreach ((IOpenApiParameter parameter, string parameterPointer) in declared)
        {
            if (BuildParameter(parameter, parameterPointer, name, taken, list is not null) is { } built)
            {
                parameters.Add(built);
            }
        }

        if (list is not null)
        {
            AddImpliedParameters(parameters, taken, list, operation, pointer);
        }

        RequestBodyModel? body = BuildBody(operation, name, pointer, taken, bodyKind == ResponseBodyKind.Json ? result : null);

        // Required path parameters in template order, other required ones, then optional ones.
        var ordered = parameters
            .Where(p => p.Location == ModelLocation.Path)
            .OrderBy(p => IndexInTemplate(path, p.WireName))
            .Concat(parameters.Where(p => p.Location != ModelLocation.Path && p.Required))
            .Concat(parameters.Where(p => p.Location != ModelLocation.Path && !p.Required))
            .ToEquatableArray();

        var model = new OperationModel(
            Name: name,
            MethodName: name + GeneratedNames.AsyncSuffix,
            Request: new RequestModel(method, path, operation.OperationId ?? name, accept, ordered, body),
            Response: new ResponseModel(result, BuildErrors(operation, pointer).ToEquatableArray(), bodyKind),
            Docs: new OperationDocsModel(operation.Summary, operation.Description, operation.Deprecated, resultDescription, BuildSecurity(operation).ToEquatableArray()),
            List: null);
        return (model, list);
    }

    private static bool HasQuery(List<(IOpenApiParameter Parameter, string Pointer)> parameters, string wireName, TypeRefKind kind)
    {
        JsonSchemaType expected = kind == TypeRefKind.Boolean ? JsonSchemaType.Boolean : JsonSchemaType.Integer;
        return parameters.Any(p => p.Parameter.In == Microsoft.OpenApi.ParameterLocation.Query && p.Parameter.Name == wireName
            && p.Parameter.Schema?.Type is { } type && (type & ~JsonSchemaType.Null) == expected);
    }

    /// <summary>
    /// The methods a list gets: <c>ListNamespacedPods</c> → <c>WatchNamespacedPodsAsync</c>,
    /// <c>EnumerateNamespacedPodsAsync</c>, <c>EnumerateNamespacedPodsPagesAsync</c>. A name the document's own
    /// operations already use falls back to the whole operation name: <c>WatchListNamespacedPodAsync</c>.
    /// </summary>
    private ListOperationModel CreateListOperation(OperationModel operation, KubernetesConventions.ListShape list, EquatableArray<string> supersedes)
    {
        string operationName = operation.Name;
        string subject = operationName.StartsWith("List", System.StringComparison.Ordinal) && operationName.Length > 4 ? operationName.Substring(4) : operationName;
        string Claim(string prefix, string suffix, string async = GeneratedNames.AsyncSuffix)
        {
            string name = prefix + subject + suffix + async;
            if (_methodNames.Contains(name))
            {
                name = Identifiers.MakeUnique(prefix + operationName + suffix + async, _methodNames);
            }

            _methodNames.Add(name);
            return name;
        }

        EquatableArray<ParameterModel> parameters = operation.Request.Parameters;
        return new ListOperationModel(
            list.ItemType,
            list.ItemsProperty,
            list.Watchable ? KubernetesConventions.CreateWatch(Claim("Watch", string.Empty), parameters, list, supersedes) : null,
            list.Pageable ? KubernetesConventions.CreatePaging(Claim("Enumerate", string.Empty), Claim("Enumerate", "Pages"), parameters, list) : null,
            list.HasRemainingItemCount,
            list.Watchable && list.Pageable
                ? KubernetesConventions.CreateInformer(Claim(GeneratedNames.InformerPrefix, GeneratedNames.InformerSuffix, string.Empty), parameters, list, operation.Request.Path)
                : null);
    }

    private static int IndexInTemplate(string path, string name)
    {
        int index = path.IndexOf("{" + name + "}", System.StringComparison.Ordinal);
        return index < 0 ? int.MaxValue : index;
    }

    private static void AddParameters(List<(IOpenApiParameter, string)> into, IList<IOpenApiParameter>? parameters, string pointer)
    {
        if (parameters is null)
        {
            return;
        }

        for (int i = 0; i < parameters.Count; i++)
        {
            IOpenApiParameter parameter = parameters[i];
            string parameterPointer = parameter is OpenApiParameterReference { Reference.Id: { } id }
                ? SourceMap.Append("/components/parameters", id)
                : pointer + "/" + i;
            int existing = into.FindIndex(p => p.Item1.Name == parameter.Name && p.Item1.In == parameter.In);
            if (existing >= 0)
            {
                into[existing] = (parameter, parameterPointer);
            }
            else
            {
                into.Add((parameter, parameterPointer));
            }
        }
    }

    private string OperationName(OpenApiOperation operation, string method, string path, string pointer)
    {
        string name;
        if (!string.IsNullOrWhiteSpace(operation.OperationId))
        {
            name = Identifiers.ToPascalCase(operation.OperationId!, "Operation").TrimStart('@');
        }
        else
        {
            // GET /pets/{petId}/toys → GetPetsByPetIdToys
            var words = new List<string> { Identifiers.ToPascalCase(method.ToLowerInvariant()) };
            foreach (string segment in path.Split(new[] { '/' }, System.StringSplitOptions.RemoveEmptyEntries))
            {
                words.Add(segment.StartsWith("{", System.StringComparison.Ordinal) && segment.EndsWith("}", System.StringComparison.Ordinal)
                    ? "By" + Identifiers.ToPascalCase(segment.Trim('{', '}'), string.Empty).TrimStart('@', '_')
                    : Identifiers.ToPascalCase(segment, string.Empty).TrimStart('@', '_'));
            }

            name = string.Concat(words);
        }

        if (_methodNames.Contains(name + "Async"))
        {
            string unique = name;
            for (int i = 2; _methodNames.Contains(unique + "Async"); i++)
            {
                unique = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameCollision, _map.Locate(pointer), "The operation '" + (operation.OperationId ?? method + " " + path) + "'", pointer, name + "Async", "another member of the client", unique + "Async"));
            name = unique;
        }

        _methodNames.Add(name + "Async");
        return name;
    }

    private ParameterModel? BuildParameter(IOpenApiParameter parameter, string pointer, string operationName, HashSet<string> taken, bool isList)
    {
        string wireName = parameter.Name ?? string.Empty;
        ModelLocation location;
        switch (parameter.In)
        {
            case Microsoft.OpenApi.ParameterLocation.Path:
                location = ModelLocation.Path;
                break;
            case Microsoft.OpenApi.ParameterLocation.Query:
                location = ModelLocation.Query;
                break;
            case Microsoft.OpenApi.ParameterLocation.Header:
                location = ModelLocation.Header;
                break;
            default:
                Unsupported(pointer, "The " + (parameter.In?.ToString().ToLowerInvariant() ?? "unplaced") + " parameter '" + wireName + "'", "it is not offered by the generated method");
                return null;
        }

        if (wireName.Length == 0)
        {
            Unsupported(pointer, "A parameter without a name", "it is not offered by the generated method");
            return null;
        }

        // Components are shared: name enums after the parameter, inline ones after operation and parameter.
        string hint = pointer.StartsWith("/components/", System.StringComparison.Ordinal)
            ? Identifiers.ToPascalCase(wireName, "Parameter").TrimStart('@')
            : operationName + Identifiers.ToPascalCase(wireName, "Parameter").TrimStart('@');
        TypeRef type = parameter.Schema is { } schema
            ? _schemas.ResolveUsage(schema, pointer + "/schema", hint)
            : TypeRef.String;
        if (!IsSupportedParameterType(type, location))
        {
            Unsupported(pointer + "/schema", "The " + location.ToString().ToLowerInvariant() + " parameter '" + wireName + "' of a structured type", "it is taken as a string the caller formats");
            type = TypeRef.String;
        }

        string argument = ArgumentName(wireName, taken);
        ParameterRole role = isList && location == ModelLocation.Query ? KubernetesConventions.RoleOf(wireName, type) : ParameterRole.Normal;
        return new ParameterModel(
            wireName,
            argument,
            location,
            type,
            location == ModelLocation.Path || parameter.Required,
            parameter.Description,
            parameter.Deprecated,
            parameter.Schema?.Default is JsonNode value ? value.ToJsonString() : null,
            role);
    }

    private static bool IsSupportedParameterType(TypeRef type, ModelLocation location) => type.Kind switch
    {
        TypeRefKind.String or TypeRefKind.Boolean or TypeRefKind.Int32 or TypeRefKind.Int64 or TypeRefKind.Double or TypeRefKind.DateTimeOffset or TypeRefKind.Enum => true,
        TypeRefKind.List => location == ModelLocation.Query && type.Element!.Kind is TypeRefKind.String or TypeRefKind.Boolean or TypeRefKind.Int32 or TypeRefKind.Int64 or TypeRefKind.Double or TypeRefKind.Enum,
        _ => false,
    };

    private static string ArgumentName(string wireName, HashSet<string> taken)
    {
        string pascal = Identifiers.ToPascalCase(wireName, "value").TrimStart('@');
        string camel = Identifiers.ToCamelCase(pascal);
        if (camel.StartsWith("_", System.StringComparison.Ordinal))
        {
            camel = "p" + camel;
        }

        camel = Identifiers.MakeUnique(camel, taken);
        taken.Add(camel);
        return Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(camel) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
            || Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetContextualKeywordKind(camel) is Microsoft.CodeAnalysis.CSharp.SyntaxKind.AwaitKeyword
            ? "@" + camel
            : camel;
    }

    /// <summary>
    /// Offers the list parameters every Kubernetes API server honours that the document omits
    /// (<see cref="KubernetesConventions.ImpliedParameters"/>), and says so (SCG0008).
    /// </summary>
    private void AddImpliedParameters(List<ParameterModel> parameters, HashSet<string> taken, KubernetesConventions.ListShape list, OpenApiOperation operation, string pointer)
    {
        var added = new List<string>();
        foreach (KubernetesConventions.ImpliedParameter implied in KubernetesConventions.ImpliedParameters(list))
        {
            if (parameters.Any(p => p.Location == ModelLocation.Query && p.WireName == implied.WireName))
            {
                continue;
            }

            parameters.Add(new ParameterModel(implied.WireName, ArgumentName(implied.WireName, taken), ModelLocation.Query, implied.Type, false, null, false, null, implied.Role, Implied: true));
            added.Add(implied.WireName);
        }

        if (added.Count > 0)
        {
            _diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.ImpliedParameters,
                _map.Locate(pointer),
                operation.OperationId ?? pointer,
                string.Join(", ", added),
                pointer));
        }
    }

    private RequestBodyModel? BuildBody(OpenApiOperation operation, string operationName, string pointer, HashSet<string> taken, TypeRef? result)
    {
        if (operation.RequestBody is not { } body || body.Content is not { Count: > 0 } content)
        {
            return null;
        }

        string bodyPointer = operation.RequestBody is OpenApiRequestBodyReference { Reference.Id: { } id }
            ? SourceMap.Append("/components/requestBodies", id)
            : pointer + "/requestBody";
        string argument = Identifiers.MakeUnique("body", taken);
        taken.Add(argument);
        KeyValuePair<string, IOpenApiMediaType> json = ChooseJsonMediaType(content);
        if (json.Key is null && BuildNonJsonBody(content, bodyPointer, operationName, body, argument) is { } nonJson)
        {
            return nonJson;
        }

        if (json.Key is null)
        {
            string mediaType = content.First().Key;
            return new RequestBodyModel(BodyKind.Content, TypeRef.Any, mediaType, body.Required, body.Description, argument,
                new EquatableArray<BodyArgument>(new[] { new BodyArgument(BodyArgumentKind.Content, TypeRef.Any, NullChecked: true) }));
        }

        TypeRef type = json.Value?.Schema is { } schema
            ? _schemas.ResolveUsage(schema, SourceMap.Append(bodyPointer + "/content", json.Key) + "/schema", operationName + "Request")
            : TypeRef.Any;
        PatchChoiceModel? patchChoice = PatchChoice(content.Keys, json.Key);
        if (type.Kind == TypeRefKind.Any)
        {
            // A free-form object (a patch): as a JsonNode, a JsonElement, or the resource model with only what to send.
            var overloads = new List<BodyArgument>
            {
                new(BodyArgumentKind.JsonNode, TypeRef.Any, NullChecked: true),
                new(BodyArgumentKind.JsonElement, TypeRef.Any, NullChecked: false),
            };
            if (result is { Kind: TypeRefKind.Model })
            {
                overloads.Add(new BodyArgument(BodyArgumentKind.PartialModel, result, NullChecked: true));
            }

            AddJsonPatchOverload(overloads, patchChoice);
            return new RequestBodyModel(BodyKind.FreeFormJson, type, json.Key, body.Required, body.Description, argument, overloads.ToEquatableArray(), patchChoice);
        }

        var typed = new List<BodyArgument> { new(BodyArgumentKind.Typed, type, NullChecked: true) };
        AddJsonPatchOverload(typed, patchChoice);
        return new RequestBodyModel(BodyKind.Json, type, json.Key, body.Required, body.Description, argument, typed.ToEquatableArray(), patchChoice);
    }

    /// <summary>
    /// The patch formats a caller may pick, when the body is declared in two or more (every PATCH of a Kubernetes API
    /// server's document declares JSON Patch, merge patch, strategic merge patch and apply): the default is the one
    /// <see cref="ChooseJsonMediaType"/> chose. Null otherwise, or when the chosen media type is no patch format.
    /// </summary>
    private static PatchChoiceModel? PatchChoice(IEnumerable<string> declared, string chosen)
    {
        PatchTypes accepted = PatchTypes.None;
        foreach (string mediaType in declared)
        {
            accepted |= PatchTypeOf(mediaType);
        }

        PatchTypes @default = PatchTypeOf(chosen);
        bool several = (accepted & (accepted - 1)) != 0;
        return several && @default != PatchTypes.None ? new PatchChoiceModel(@default, accepted) : null;
    }

    /// <summary>
    /// A body sent as an object by default whose document also declares JSON Patch gets an overload taking the runtime's
    /// <c>JsonPatch</c> (a list of operations cannot be an object model).
    /// </summary>
    private static void AddJsonPatchOverload(List<BodyArgument> overloads, PatchChoiceModel? choice)
    {
        if (choice is not null && (choice.Accepted & PatchTypes.JsonPatch) != 0 && choice.Default != PatchTypes.JsonPatch)
        {
            overloads.Add(new BodyArgument(BodyArgumentKind.JsonPatch, TypeRef.Any, NullChecked: true));
        }
    }

    private static PatchTypes PatchTypeOf(string mediaType) => mediaType.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        MergePatchMediaType => PatchTypes.MergePatch,
        StrategicMergePatchMediaType => PatchTypes.StrategicMergePatch,
        JsonPatchMediaType => PatchTypes.JsonPatch,
        KubernetesConventions.ApplyPatchMediaType => PatchTypes.ApplyPatch,
        _ => PatchTypes.None,
    };

    private (TypeRef? Type, string? Description, string Accept) BuildResult(OpenApiOperation operation, string operationName, string pointer)
    {
        TypeRef? type = null;
        string? description = null;
        string accept = "application/json";
        if (operation.Responses is null)
        {
            return (null, null, accept);
        }

        foreach (KeyValuePair<string, IOpenApiResponse> response in operation.Responses.Where(r => r.Key.StartsWith("2", System.StringComparison.Ordinal)).OrderBy(r => r.Key, System.StringComparer.Ordinal))
        {
            description ??= response.Value.Description;
            KeyValuePair<string, IOpenApiMediaType> json = response.Value.Content?.FirstOrDefault(c => IsJson(c.Key)) ?? default;
            if (json.Key is null || json.Value?.Schema is not { } schema)
            {
                continue;
            }

            string responsePointer = ResponsePointer(response, pointer);
            TypeRef resolved = _schemas.ResolveUsage(schema, SourceMap.Append(responsePointer + "/content", json.Key) + "/schema", operationName + "Response");
            if (type is null)
            {
                type = resolved;
                description = response.Value.Description;
                accept = json.Key;
            }
            else if (!type.Equals(resolved))
            {
                Unsupported(responsePointer, "Success responses with different body schemas", "the result is a JsonElement");
                type = TypeRef.Any;
            }
        }

        return (type, description, accept);
    }

    private static string ResponsePointer(KeyValuePair<string, IOpenApiResponse> response, string operationPointer) =>
        response.Value is OpenApiResponseReference { Reference.Id: { } id }
            ? SourceMap.Append("/components/responses", id)
            : SourceMap.Append(operationPointer + "/responses", response.Key);

    private List<ErrorResponseModel> BuildErrors(OpenApiOperation operation, string pointer)
    {
        var errors = new List<ErrorResponseModel>();
        if (operation.Responses is null)
        {
            return errors;
        }

        foreach (KeyValuePair<string, IOpenApiResponse> response in operation.Responses.OrderBy(r => r.Key == "default" ? "9" : r.Key, System.StringComparer.Ordinal))
        {
            if (!(response.Key.StartsWith("4", System.StringComparison.Ordinal) || response.Key.StartsWith("5", System.StringComparison.Ordinal) || response.Key == "default"))
            {
                continue;
            }

            KeyValuePair<string, IOpenApiMediaType> json = response.Value.Content?.FirstOrDefault(c => IsJson(c.Key)) ?? default;
            if (json.Key is null || json.Value?.Schema is not { } schema)
            {
                continue;
            }

            TypeRef type = _schemas.ResolveUsage(schema, SourceMap.Append(ResponsePointer(response, pointer) + "/content", json.Key) + "/schema", "Error" + Identifiers.ToPascalCase(response.Key));
            if (type.Kind == TypeRefKind.Model)
            {
                errors.Add(new ErrorResponseModel(response.Key.ToUpperInvariant() == "DEFAULT" ? "default" : response.Key.ToUpperInvariant(), type.Name!, response.Value.Description));
            }
        }

        return errors;
    }

    private List<EquatableArray<SecuritySchemeModel>> BuildSecurity(OpenApiOperation operation)
    {
        IList<OpenApiSecurityRequirement>? requirements = operation.Security ?? _document.Security;
        var alternatives = new List<EquatableArray<SecuritySchemeModel>>();
        if (requirements is null)
        {
            return alternatives;
        }

        foreach (OpenApiSecurityRequirement requirement in requirements)
        {
            var schemes = new List<SecuritySchemeModel>();
            foreach (OpenApiSecuritySchemeReference scheme in requirement.Keys)
            {
                string schemeName = scheme.Reference?.Id ?? "unnamed";
                schemes.Add(DescribeScheme(schemeName, scheme));
            }

            alternatives.Add(schemes.ToEquatableArray());
        }

        return alternatives;
    }

    private static SecuritySchemeModel DescribeScheme(string name, OpenApiSecuritySchemeReference scheme)
    {
        IOpenApiSecurityScheme? target = scheme.Target;
        return target?.Type switch
        {
            SecuritySchemeType.Http when string.Equals(target.Scheme, "bearer", System.StringComparison.OrdinalIgnoreCase) => new(name, SecuritySchemeKind.BearerToken),
            SecuritySchemeType.Http => new(name, SecuritySchemeKind.Http, target.Scheme),
            SecuritySchemeType.MutualTLS => new(name, SecuritySchemeKind.MutualTls),
            SecuritySchemeType.ApiKey => new(name, SecuritySchemeKind.ApiKey, target.In?.ToString().ToLowerInvariant(), target.Name),
            SecuritySchemeType.OAuth2 => new(name, SecuritySchemeKind.OAuth2),
            SecuritySchemeType.OpenIdConnect => new(name, SecuritySchemeKind.OpenIdConnect),
            _ => new(name, SecuritySchemeKind.Undeclared),
        };
    }

    /// <summary>
    /// The JSON media type a request body is sent as: the first one declared that fits the body. Offered several patch
    /// formats (every PATCH of a Kubernetes API server's document declares JSON Patch first), an object body is sent as a
    /// merge patch (RFC 7386: the fields to change, what <c>kubectl patch --type merge</c> and client-go's
    /// <c>types.MergePatchType</c> send, and the patch every resource accepts, custom ones included), else as a
    /// strategic merge patch; JSON Patch (RFC 6902) is a list of operations, so only an array body is sent as it.
    /// </summary>
    private static KeyValuePair<string, IOpenApiMediaType> ChooseJsonMediaType(IDictionary<string, IOpenApiMediaType> content)
    {
        KeyValuePair<string, IOpenApiMediaType> chosen = default;
        int best = int.MaxValue;
        foreach (KeyValuePair<string, IOpenApiMediaType> candidate in content)
        {
            if (!IsJson(candidate.Key))
            {
                continue;
            }

            int rank = PatchFit(candidate.Key, candidate.Value?.Schema);
            if (rank < best)
            {
                chosen = candidate;
                best = rank;
            }
        }

        return chosen;
    }

    /// <summary>How well a JSON media type fits a body of <paramref name="schema"/>: 0 best; ties keep the declared order.</summary>
    private static int PatchFit(string mediaType, IOpenApiSchema? schema)
    {
        IOpenApiSchema? target = schema is OpenApiSchemaReference reference ? reference.Target : schema;
        bool array = target?.Type is { } type && (type & JsonSchemaType.Array) != 0 && (type & JsonSchemaType.Object) == 0;
        return mediaType.Split(';')[0].Trim().ToLowerInvariant() switch
        {
            JsonPatchMediaType => array ? 0 : 2,
            MergePatchMediaType => array ? 2 : 0,
            StrategicMergePatchMediaType => array ? 2 : 1,
            _ => array ? 1 : 0,
        };
    }

    private static bool IsJson(string mediaType)
    {
        string type = mediaType.Split(';')[0].Trim();
        return type.Equals("application/json", System.StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", System.StringComparison.OrdinalIgnoreCase)
            || type.Equals("*/*", System.StringComparison.Ordinal);
    }

    private void Unsupported(string pointer, string what, string consequence) =>
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, _map.Locate(pointer), what, pointer, consequence));
}
