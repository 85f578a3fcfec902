using System;
using System.Collections.Generic;
using System.Linq;
using SliceClientGen.Emitting;
using SliceClientGen.Helpers;
using SliceClientGen.Model;

namespace SliceClientGen.Building;

/// <summary>
/// The Kubernetes API conventions, in one place: which operations are lists (an object result with an
/// <c>items</c> array of models), which of them can be watched (a boolean <c>watch</c> query parameter) or
/// paged (<c>limit</c> and <c>metadata.continue</c>), the part each list parameter plays, the parameters every
/// API server honours whether or not a document declares them, and the deprecated <c>/watch/</c> paths the
/// streaming watch methods replace. Everything is decided from the document's shape and the wire names the
/// conventions define, never from names of resources; the decisions become explicit model fields so that
/// emitters never look at a wire name.
/// </summary>
internal static class KubernetesConventions
{
    /// <summary>What a list result looks like, before the methods built on it are named.</summary>
    /// <param name="ItemType">The items array's element model.</param>
    /// <param name="ItemsProperty">The C# property holding the items.</param>
    /// <param name="ContinuePath">Property path from the list to metadata.continue, or null.</param>
    /// <param name="HasRemainingItemCount">The list metadata has remainingItemCount.</param>
    /// <param name="ItemResourceVersionPath">Property path from an item to its metadata.resourceVersion, or null.</param>
    /// <param name="Watchable">A boolean <c>watch</c> query parameter exists.</param>
    /// <param name="Pageable">A <c>limit</c> query parameter exists and the list metadata has continue.</param>
    /// <param name="ListResourceVersionPath">Property path from the list to metadata.resourceVersion, or null.</param>
    /// <param name="ItemNamespacePath">Property path from an item to metadata.namespace, or null.</param>
    /// <param name="ItemNamePath">Property path from an item to metadata.name, or null.</param>
    /// <param name="ItemLabelsPath">Property path from an item to metadata.labels (a string map), or null.</param>
    internal sealed record ListShape(
        TypeRef ItemType,
        string ItemsProperty,
        string? ContinuePath,
        bool HasRemainingItemCount,
        string? ItemResourceVersionPath,
        bool Watchable,
        bool Pageable,
        string? ListResourceVersionPath = null,
        string? ItemNamespacePath = null,
        string? ItemNamePath = null,
        string? ItemLabelsPath = null);

    /// <summary>Server-side apply's media type: a YAML body, of which JSON is a subset.</summary>
    public const string ApplyPatchMediaType = "application/apply-patch+yaml";

    /// <summary>
    /// Server-side apply beside a PATCH operation that declares <see cref="ApplyPatchMediaType"/> and answers with a
    /// model: the same path and query parameters (<c>fieldManager</c>, <c>force</c>, …), the answered model as the
    /// body (only the properties set are written: the fields the manager applies), sent as apply-patch. Null for
    /// any other operation.
    /// </summary>
    /// <param name="patch">The PATCH operation.</param>
    /// <param name="declaresApply">Whether its request body declares <see cref="ApplyPatchMediaType"/>.</param>
    /// <param name="methodName">The apply method's name, unique in the client.</param>
    public static OperationModel? ApplyOperation(OperationModel patch, bool declaresApply, Func<string> methodName)
    {
        if (!declaresApply || patch.Request.HttpMethod != "PATCH" || patch.Request.Body is not { } body || patch.Response.Result is not { Kind: TypeRefKind.Model } resource)
        {
            return null;
        }

        var applyBody = new RequestBodyModel(
            BodyKind.Json,
            resource,
            ApplyPatchMediaType,
            Required: true,
            "The configuration to apply: the fields this field manager owns (properties never set are not sent).",
            body.ArgumentName,
            new EquatableArray<BodyArgument>(new[] { new BodyArgument(BodyArgumentKind.Typed, resource, NullChecked: true) }));
        string name = methodName();
        return patch with
        {
            Name = name.Substring(0, name.Length - GeneratedNames.AsyncSuffix.Length),
            MethodName = name,
            Request = patch.Request with { Body = applyBody },
            Docs = patch.Docs with
            {
                Summary = "Server-side apply (" + ApplyPatchMediaType + "): merges the configuration into the object, creating it when missing; the API server requires fieldManager and answers 409 when another manager owns a field the configuration changes, unless force is true",
                Description = null,
            },
        };
    }

    /// <summary>A parameter Kubernetes API servers honour on list operations, offered when a document omits it.</summary>
    internal sealed record ImpliedParameter(string WireName, TypeRef Type, ParameterRole Role);

    /// <summary>
    /// The list shape of an operation whose result is <paramref name="result"/>, or null when it is no list.
    /// </summary>
    /// <param name="result">The operation's result model.</param>
    /// <param name="findType">Finds a generated model by name.</param>
    /// <param name="hasQuery">Whether the operation declares a query parameter of this wire name whose schema type is the given kind (Int64: any integer).</param>
    public static ListShape? FindListShape(TypeRef result, Func<string, TypeModel?> findType, Func<string, TypeRefKind, bool> hasQuery)
    {
        if (result.Kind != TypeRefKind.Model || findType(result.Name!) is not { } list)
        {
            return null;
        }

        PropertyModel? items = list.Properties.FirstOrDefault(p => p.JsonName == "items");
        if (items is not { Type: { Kind: TypeRefKind.List, Element: { Kind: TypeRefKind.Model } element } })
        {
            return null;
        }

        PropertyModel? metadata = ModelProperty(list, "metadata");
        TypeModel? metadataType = metadata is null ? null : findType(metadata.Type.Name!);
        PropertyModel? continueProperty = metadataType?.Properties.FirstOrDefault(p => p.JsonName == "continue" && p.Type.Kind == TypeRefKind.String);
        bool remaining = metadataType?.Properties.Any(p => p.JsonName == "remainingItemCount" && p.Type.Kind is TypeRefKind.Int64 or TypeRefKind.Int32) == true;

        TypeModel? itemType = findType(element.Name!);
        PropertyModel? itemMetadata = itemType is null ? null : ModelProperty(itemType, "metadata");
        TypeModel? itemMetadataType = itemMetadata is null ? null : findType(itemMetadata.Type.Name!);
        PropertyModel? itemResourceVersion = itemMetadataType?.Properties.FirstOrDefault(p => p.JsonName == "resourceVersion" && p.Type.Kind == TypeRefKind.String);

        PropertyModel? listResourceVersion = metadataType?.Properties.FirstOrDefault(p => p.JsonName == "resourceVersion" && p.Type.Kind == TypeRefKind.String);
        string? ItemPath(string jsonName, TypeRefKind kind) =>
            itemMetadataType?.Properties.FirstOrDefault(p => p.JsonName == jsonName && p.Type.Kind == kind) is { } property
                ? itemMetadata!.Name + "?." + property.Name
                : null;
        string? labels = itemMetadataType?.Properties.FirstOrDefault(p => p.JsonName == "labels" && p.Type is { Kind: TypeRefKind.Map, Element.Kind: TypeRefKind.String }) is { } labelsProperty
            ? itemMetadata!.Name + "?." + labelsProperty.Name
            : null;

        bool watchable = hasQuery("watch", TypeRefKind.Boolean);
        bool pageable = continueProperty is not null && hasQuery("limit", TypeRefKind.Int64);
        return new ListShape(
            element,
            items.Name,
            continueProperty is null ? null : metadata!.Name + "?." + continueProperty.Name,
            remaining,
            itemResourceVersion is null ? null : itemMetadata!.Name + "?." + itemResourceVersion.Name,
            watchable,
            pageable,
            listResourceVersion is null ? null : metadata!.Name + "?." + listResourceVersion.Name,
            ItemPath("namespace", TypeRefKind.String),
            ItemPath("name", TypeRefKind.String),
            labels);
    }

    /// <summary>The part a query parameter of a list operation plays, from its wire name and type.</summary>
    public static ParameterRole RoleOf(string wireName, TypeRef type) => (wireName, type.Kind) switch
    {
        ("watch", TypeRefKind.Boolean) => ParameterRole.WatchSwitch,
        ("limit", TypeRefKind.Int32 or TypeRefKind.Int64) => ParameterRole.Limit,
        ("continue", TypeRefKind.String) => ParameterRole.Continue,
        ("resourceVersion", TypeRefKind.String) => ParameterRole.ResourceVersion,
        ("resourceVersionMatch", TypeRefKind.String or TypeRefKind.Enum) => ParameterRole.ResourceVersionMatch,
        ("timeoutSeconds", TypeRefKind.Int32) => ParameterRole.TimeoutSeconds,
        ("allowWatchBookmarks", TypeRefKind.Boolean) => ParameterRole.AllowWatchBookmarks,
        ("sendInitialEvents", TypeRefKind.Boolean) => ParameterRole.SendInitialEvents,
        _ => ParameterRole.Normal,
    };

    /// <summary>
    /// The list parameters every Kubernetes API server honours: <c>continue</c> for pageable lists;
    /// <c>resourceVersion</c>, <c>resourceVersionMatch</c>, <c>allowWatchBookmarks</c>, <c>timeoutSeconds</c>
    /// and <c>sendInitialEvents</c> for watchable ones.
    /// </summary>
    public static IEnumerable<ImpliedParameter> ImpliedParameters(ListShape list)
    {
        if (list.Pageable)
        {
            yield return new ImpliedParameter("continue", TypeRef.String, ParameterRole.Continue);
        }

        if (list.Watchable)
        {
            yield return new ImpliedParameter("resourceVersion", TypeRef.String, ParameterRole.ResourceVersion);
            yield return new ImpliedParameter("resourceVersionMatch", TypeRef.String, ParameterRole.ResourceVersionMatch);
            yield return new ImpliedParameter("allowWatchBookmarks", TypeRef.Boolean, ParameterRole.AllowWatchBookmarks);
            yield return new ImpliedParameter("timeoutSeconds", TypeRef.Int32, ParameterRole.TimeoutSeconds);
            yield return new ImpliedParameter("sendInitialEvents", TypeRef.Boolean, ParameterRole.SendInitialEvents);
        }
    }

    /// <summary>
    /// Whether a parameter is offered by the plain method of a list operation: not the watch switch and not
    /// the parameters that only mean something to a watch.
    /// </summary>
    public static bool IsOfferedByListMethod(ParameterModel parameter) =>
        parameter.Role is not (ParameterRole.WatchSwitch or ParameterRole.AllowWatchBookmarks or ParameterRole.SendInitialEvents);

    /// <summary>
    /// The watch method of a watchable list: its arguments (everything but paging and the switch) and where
    /// each query value of every connection comes from.
    /// </summary>
    public static WatchMethodModel CreateWatch(string name, EquatableArray<ParameterModel> parameters, ListShape list, EquatableArray<string> supersedes)
    {
        var arguments = parameters.Where(p => p.Role is not (ParameterRole.Limit or ParameterRole.Continue or ParameterRole.WatchSwitch)).ToEquatableArray();
        var query = parameters
            .Where(p => p.Role is not (ParameterRole.Limit or ParameterRole.Continue))
            .Select(p => new WatchQueryValue(p, p.Role switch
            {
                ParameterRole.WatchSwitch => WatchValueSource.True,
                ParameterRole.ResourceVersion => WatchValueSource.ConnectionResourceVersion,
                ParameterRole.TimeoutSeconds => WatchValueSource.ConnectionTimeout,
                ParameterRole.AllowWatchBookmarks => WatchValueSource.ArgumentOrTrue,
                ParameterRole.SendInitialEvents or ParameterRole.ResourceVersionMatch => WatchValueSource.FirstConnectionOnly,
                _ => WatchValueSource.Argument,
            }))
            .ToEquatableArray();
        return new WatchMethodModel(
            name,
            arguments,
            query,
            parameters.FirstOrDefault(p => p.Role == ParameterRole.ResourceVersion)?.ArgumentName,
            parameters.FirstOrDefault(p => p.Role == ParameterRole.TimeoutSeconds)?.ArgumentName,
            list.ItemResourceVersionPath,
            supersedes);
    }

    /// <summary>
    /// The paging methods of a pageable list: they pass through what filters the list (selectors and other
    /// plain parameters), never the page size, token, versions or watch knobs, which paging owns.
    /// </summary>
    /// <summary>
    /// The informer factory of a list that is pageable and watchable and whose items and pages carry the metadata an
    /// informer keys and resumes by (name, namespace, resourceVersion); null otherwise.
    /// </summary>
    public static InformerMethodModel? CreateInformer(string name, EquatableArray<ParameterModel> parameters, ListShape list, string path)
    {
        string? Argument(ParameterRole role) => parameters.FirstOrDefault(p => p.Role == role)?.ArgumentName;
        if (!list.Watchable || !list.Pageable
            || list.ListResourceVersionPath is not { } listVersion || list.ItemResourceVersionPath is not { } itemVersion
            || list.ItemNamePath is not { } itemName || list.ItemNamespacePath is not { } itemNamespace
            || Argument(ParameterRole.Limit) is not { } limit || Argument(ParameterRole.Continue) is not { } @continue
            || Argument(ParameterRole.ResourceVersion) is not { } resourceVersion || Argument(ParameterRole.ResourceVersionMatch) is not { } match
            || Argument(ParameterRole.AllowWatchBookmarks) is not { } bookmarks || Argument(ParameterRole.SendInitialEvents) is not { } initial)
        {
            return null;
        }

        string resource = path.TrimEnd('/').Split('/').LastOrDefault(s => s.Length > 0 && s[0] != '{') ?? "items";
        return new InformerMethodModel(
            name,
            parameters.Where(p => p.Role == ParameterRole.Normal).ToEquatableArray(),
            limit,
            @continue,
            resourceVersion,
            match,
            bookmarks,
            initial,
            listVersion,
            itemNamespace,
            itemName,
            itemVersion,
            list.ItemLabelsPath,
            resource);
    }

    public static PagingMethodsModel CreatePaging(string itemsMethod, string pagesMethod, EquatableArray<ParameterModel> parameters, ListShape list) => new(
        itemsMethod,
        pagesMethod,
        parameters.Where(p => p.Role == ParameterRole.Normal).ToEquatableArray(),
        parameters.First(p => p.Role == ParameterRole.Limit),
        parameters.First(p => p.Role == ParameterRole.Continue),
        list.ContinuePath!);

    /// <summary>
    /// The deprecated Kubernetes watch paths (<c>GET …/watch/…/pods</c> and <c>GET …/watch/…/pods/{name}</c>)
    /// that a watchable list replaces: a GET whose path, without its <c>watch</c> segment, is the list's path
    /// (a collection watch) or the list's path plus one parameter segment (a single object's watch).
    /// Their response is an endless stream that a <c>Task</c> of one event can never return, so they are not
    /// generated; the list's streaming watch method names them.
    /// </summary>
    /// <param name="operations">Every operation: its method, path and whether it is a watchable list.</param>
    /// <returns>For each superseded operation (by index), the index of the list operation that replaces it.</returns>
    public static Dictionary<int, int> FindSupersededWatchPaths(IReadOnlyList<(string HttpMethod, string Path, bool WatchableList)> operations)
    {
        var listsByPath = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < operations.Count; i++)
        {
            if (operations[i].WatchableList && operations[i].HttpMethod == "GET")
            {
                listsByPath[operations[i].Path] = i;
            }
        }

        var superseded = new Dictionary<int, int>();
        for (int i = 0; i < operations.Count; i++)
        {
            if (operations[i].HttpMethod != "GET" || WithoutWatchSegment(operations[i].Path) is not { } path)
            {
                continue;
            }

            if (listsByPath.TryGetValue(path, out int list) || (ParentOfParameterSegment(path) is { } parent && listsByPath.TryGetValue(parent, out list)))
            {
                superseded[i] = list;
            }
        }

        return superseded;
    }

    /// <summary><c>/apis/g/v1/watch/namespaces/{namespace}/pods</c> → <c>/apis/g/v1/namespaces/{namespace}/pods</c>; null without a watch segment.</summary>
    private static string? WithoutWatchSegment(string path)
    {
        int index = path.IndexOf("/watch/", StringComparison.Ordinal);
        return index < 0 ? null : path.Substring(0, index) + path.Substring(index + "/watch".Length);
    }

    /// <summary><c>/…/pods/{name}</c> → <c>/…/pods</c>; null when the last segment is not a parameter.</summary>
    private static string? ParentOfParameterSegment(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash > 0 && path.EndsWith("}", StringComparison.Ordinal) && path[slash + 1] == '{' ? path.Substring(0, slash) : null;
    }

    private static PropertyModel? ModelProperty(TypeModel type, string jsonName) =>
        type.Properties.FirstOrDefault(p => p.JsonName == jsonName && p.Type.Kind == TypeRefKind.Model);
}
