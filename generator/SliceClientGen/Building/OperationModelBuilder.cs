using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using Microsoft.OpenApi;
using SliceClientGen.Diagnostics;
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
internal sealed class OperationModelBuilder
{
    private static readonly HttpMethod[] MethodOrder =
    {
        HttpMethod.Get, HttpMethod.Put, HttpMethod.Post, HttpMethod.Delete, HttpMethod.Options, HttpMethod.Head, new("PATCH"), HttpMethod.Trace,
    };

    /// <summary>Argument names the generated method uses itself.</summary>
    private static readonly string[] ReservedArgumentNames = { "cancellationToken", "request" };

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
        var operations = new List<OperationModel>();
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
                        operations.Add(BuildOperation(path.Key, path.Value, method.Method.ToUpperInvariant(), match.Value));
                    }
                }
            }
        }

        // Names of the watch and enumerate methods, once every operation has its own name.
        for (int i = 0; i < operations.Count; i++)
        {
            if (operations[i].List is { } list)
            {
                operations[i] = operations[i] with { List = NameListMethods(operations[i].Name, list) };
            }
        }

        return new ClientModel(DefaultServer(), _document.Info?.Description, operations.ToEquatableArray());
    }

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

    private OperationModel BuildOperation(string path, IOpenApiPathItem item, string method, OpenApiOperation operation)
    {
        string pointer = SourceMap.Append("/paths", path) + "/" + method.ToLowerInvariant();
        string name = OperationName(operation, method, path, pointer);

        // Operation-level parameters override path-level ones with the same name and location.
        var declared = new List<(IOpenApiParameter Parameter, string Pointer)>();
        AddParameters(declared, item.Parameters, SourceMap.Append("/paths", path) + "/parameters");
        AddParameters(declared, operation.Parameters, pointer + "/parameters");

        (TypeRef? result, string? resultDescription, string accept) = BuildResult(operation, name, pointer);
        ListShapeModel? list = result is { Kind: TypeRefKind.Model } ? FindListShape(result.Name!, declared) : null;

        var taken = new HashSet<string>(ReservedArgumentNames, System.StringComparer.Ordinal);
        var parameters = new List<ParameterModel>();
        foreach ((IOpenApiParameter parameter, string parameterPointer) in declared)
        {
            ParameterModel? model = BuildParameter(parameter, parameterPointer, name, taken, list);
            if (model is not null)
            {
                parameters.Add(model);
            }
        }

        if (list is not null)
        {
            AddImpliedParameters(parameters, taken, list, operation, pointer);
        }

        RequestBodyModel? body = BuildBody(operation, name, pointer, taken, result);

        // Required path parameters in template order, other required ones, then optional ones.
        var ordered = parameters
            .Where(p => p.Location == ModelLocation.Path)
            .OrderBy(p => IndexInTemplate(path, p.WireName))
            .Concat(parameters.Where(p => p.Location != ModelLocation.Path && p.Required))
            .Concat(parameters.Where(p => p.Location != ModelLocation.Path && !p.Required))
            .ToList();

        return new OperationModel(
            name,
            operation.OperationId ?? name,
            method,
            path,
            pointer,
            operation.Summary,
            operation.Description,
            operation.Deprecated,
            ordered.ToEquatableArray(),
            body,
            result,
            resultDescription,
            accept,
            BuildErrors(operation, pointer).ToEquatableArray(),
            BuildSecurity(operation).ToEquatableArray(),
            list);
    }

    /// <summary>
    /// <c>ListNamespacedPods</c> → <c>WatchNamespacedPodsAsync</c>, <c>EnumerateNamespacedPodsAsync</c>,
    /// <c>EnumerateNamespacedPodsPagesAsync</c>. A name the document's own operations already use (Kubernetes
    /// documents have <c>watch…</c> operations) falls back to the whole operation name: <c>WatchListNamespacedPodAsync</c>.
    /// </summary>
    private ListShapeModel NameListMethods(string operationName, ListShapeModel list)
    {
        string subject = operationName.StartsWith("List", System.StringComparison.Ordinal) && operationName.Length > 4 ? operationName.Substring(4) : operationName;
        string Claim(string prefix, string suffix)
        {
            string name = prefix + subject + suffix + "Async";
            if (_methodNames.Contains(name))
            {
                name = Identifiers.MakeUnique(prefix + operationName + suffix + "Async", _methodNames);
            }

            _methodNames.Add(name);
            return name;
        }

        return list with
        {
            WatchMethod = list.Watchable ? Claim("Watch", string.Empty) : string.Empty,
            EnumerateMethod = list.Pageable ? Claim("Enumerate", string.Empty) : string.Empty,
            EnumeratePagesMethod = list.Pageable ? Claim("Enumerate", "Pages") : string.Empty,
        };
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

    private ParameterModel? BuildParameter(IOpenApiParameter parameter, string pointer, string operationName, HashSet<string> taken, ListShapeModel? list)
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
        ParameterRole role = list is null || location != ModelLocation.Query ? ParameterRole.Normal : RoleOf(wireName, type);
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

    private static ParameterRole RoleOf(string wireName, TypeRef type) => wireName switch
    {
        "watch" when type.Kind == TypeRefKind.Boolean => ParameterRole.WatchSwitch,
        "limit" when type.Kind is TypeRefKind.Int32 or TypeRefKind.Int64 => ParameterRole.Limit,
        "continue" when type.Kind == TypeRefKind.String => ParameterRole.Continue,
        "allowWatchBookmarks" or "sendInitialEvents" => ParameterRole.WatchOnly,
        _ => ParameterRole.Normal,
    };

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
    /// Kubernetes list operations honour <c>continue</c> (paging) and <c>resourceVersion</c>,
    /// <c>resourceVersionMatch</c>, <c>allowWatchBookmarks</c>, <c>timeoutSeconds</c>, <c>sendInitialEvents</c>
    /// (watch) whether or not a document lists them; the generator offers the missing ones and says so (SCG0008).
    /// </summary>
    private void AddImpliedParameters(List<ParameterModel> parameters, HashSet<string> taken, ListShapeModel list, OpenApiOperation operation, string pointer)
    {
        var added = new List<string>();
        void Imply(string wireName, TypeRef type, ParameterRole role, string description)
        {
            if (parameters.Any(p => p.Location == ModelLocation.Query && p.WireName == wireName))
            {
                return;
            }

            parameters.Add(new ParameterModel(wireName, ArgumentName(wireName, taken), ModelLocation.Query, type, false, description, false, null, role, Implied: true));
            added.Add(wireName);
        }

        if (list.Pageable)
        {
            Imply("continue", TypeRef.String, ParameterRole.Continue, "The continue token of the previous page's list metadata; requests the next page.");
        }

        if (list.Watchable)
        {
            Imply("resourceVersion", TypeRef.String, ParameterRole.Normal, "For a list, how recent the result must be; for a watch, the version whose later changes are sent.");
            Imply("resourceVersionMatch", TypeRef.String, ParameterRole.Normal, "How resourceVersion is matched (NotOlderThan, Exact); NotOlderThan with sendInitialEvents streams the current state first.");
            Imply("allowWatchBookmarks", TypeRef.Boolean, ParameterRole.WatchOnly, "Asks the server for BOOKMARK events, which move the resume point without a change.");
            Imply("timeoutSeconds", TypeRef.Int32, ParameterRole.Normal, "How long the server keeps the call open before it ends it.");
            Imply("sendInitialEvents", TypeRef.Boolean, ParameterRole.WatchOnly, "With resourceVersionMatch=NotOlderThan: stream the current objects as ADDED events first, ended by a bookmark annotated k8s.io/initial-events-end.");
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
        KeyValuePair<string, IOpenApiMediaType> json = content.FirstOrDefault(c => IsJson(c.Key));
        if (json.Key is null)
        {
            string mediaType = content.First().Key;
            return new RequestBodyModel(BodyKind.Content, TypeRef.Any, mediaType, body.Required, body.Description, argument, null);
        }

        TypeRef type = json.Value?.Schema is { } schema
            ? _schemas.ResolveUsage(schema, SourceMap.Append(bodyPointer + "/content", json.Key) + "/schema", operationName + "Request")
            : TypeRef.Any;
        if (type.Kind == TypeRefKind.Any)
        {
            string? resource = result is { Kind: TypeRefKind.Model } ? result.Name : null;
            return new RequestBodyModel(BodyKind.FreeFormJson, type, json.Key, body.Required, body.Description, argument, resource);
        }

        return new RequestBodyModel(BodyKind.Json, type, json.Key, body.Required, body.Description, argument, null);
    }

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
                schemes.Add(new SecuritySchemeModel(schemeName, DescribeScheme(scheme)));
            }

            alternatives.Add(schemes.ToEquatableArray());
        }

        return alternatives;
    }

    private static string DescribeScheme(OpenApiSecuritySchemeReference scheme)
    {
        IOpenApiSecurityScheme? target = scheme.Target;
        return target?.Type switch
        {
            SecuritySchemeType.Http when string.Equals(target.Scheme, "bearer", System.StringComparison.OrdinalIgnoreCase) => "an HTTP bearer token",
            SecuritySchemeType.Http => "HTTP " + (target.Scheme ?? "authentication"),
            SecuritySchemeType.MutualTLS => "a mutual-TLS client certificate",
            SecuritySchemeType.ApiKey => "an API key in the " + (target.In?.ToString().ToLowerInvariant() ?? "request") + " '" + target.Name + "'",
            SecuritySchemeType.OAuth2 => "an OAuth 2.0 access token",
            SecuritySchemeType.OpenIdConnect => "an OpenID Connect token",
            _ => "an undeclared scheme",
        };
    }

    /// <summary>
    /// A list result: an object model with an <c>items</c> array of models. Pageable when the operation has a
    /// <c>limit</c> query parameter and the list metadata has <c>continue</c>; watchable with a boolean
    /// <c>watch</c> query parameter.
    /// </summary>
    private ListShapeModel? FindListShape(string resultName, List<(IOpenApiParameter Parameter, string Pointer)> parameters)
    {
        TypeModel? list = _schemas.FindType(resultName);
        PropertyModel? items = list?.Properties.FirstOrDefault(p => p.JsonName == "items");
        if (items is not { Type: { Kind: TypeRefKind.List, Element: { Kind: TypeRefKind.Model } element } })
        {
            return null;
        }

        PropertyModel? metadata = list!.Properties.FirstOrDefault(p => p.JsonName == "metadata" && p.Type.Kind == TypeRefKind.Model);
        TypeModel? metadataType = metadata is null ? null : _schemas.FindType(metadata.Type.Name!);
        PropertyModel? continueProperty = metadataType?.Properties.FirstOrDefault(p => p.JsonName == "continue" && p.Type.Kind == TypeRefKind.String);
        PropertyModel? remaining = metadataType?.Properties.FirstOrDefault(p => p.JsonName == "remainingItemCount" && p.Type.Kind is TypeRefKind.Int64 or TypeRefKind.Int32);

        TypeModel? itemType = _schemas.FindType(element.Name!);
        PropertyModel? itemMetadata = itemType?.Properties.FirstOrDefault(p => p.JsonName == "metadata" && p.Type.Kind == TypeRefKind.Model);
        TypeModel? itemMetadataType = itemMetadata is null ? null : _schemas.FindType(itemMetadata.Type.Name!);
        PropertyModel? itemResourceVersion = itemMetadataType?.Properties.FirstOrDefault(p => p.JsonName == "resourceVersion" && p.Type.Kind == TypeRefKind.String);

        bool HasQuery(string name, System.Func<IOpenApiSchema?, bool> type) =>
            parameters.Any(p => p.Parameter.In == Microsoft.OpenApi.ParameterLocation.Query && p.Parameter.Name == name && type(p.Parameter.Schema));
        bool watchable = HasQuery("watch", s => s?.Type is { } t && (t & ~JsonSchemaType.Null) == JsonSchemaType.Boolean);
        bool pageable = continueProperty is not null && HasQuery("limit", s => s?.Type is { } t && (t & ~JsonSchemaType.Null) == JsonSchemaType.Integer);
        return new ListShapeModel(
            element,
            items.Name,
            metadata?.Name,
            continueProperty?.Name,
            remaining?.Name,
            itemMetadata?.Name,
            itemResourceVersion?.Name,
            watchable,
            pageable);
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
