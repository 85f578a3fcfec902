using System.Collections.Generic;
using System.Linq;
using SliceClientGen.Model;

namespace SliceClientGen.Emitting;

/// <summary>
/// Emits what list operations get on top of their plain method: <c>Watch…Async</c> (an
/// <c>IAsyncEnumerable</c> of watch events that resumes across reconnects) for watchable ones, and
/// <c>Enumerate…Async</c> / <c>Enumerate…PagesAsync</c> (continue-token paging, one page in memory) for pageable ones.
/// </summary>
internal static class ListEmitter
{
    /// <summary>Query parameters whose value the watch connection supplies or that are sent once only.</summary>
    private static readonly HashSet<string> ConnectionParameters = new(System.StringComparer.Ordinal)
    {
        "resourceVersion", "timeoutSeconds", "allowWatchBookmarks", "sendInitialEvents", "resourceVersionMatch",
    };

    public static IEnumerable<string> Usings(ClientModel client)
    {
        if (client.Operations.Any(o => o.List is { Watchable: true }))
        {
            yield return "SliceClientGen.Runtime.Watch";
        }

        if (client.Operations.Any(o => o.List is { Pageable: true }))
        {
            yield return "SliceClientGen.Runtime.Paging";
        }
    }

    public static IEnumerable<string> MemberNames(OperationModel operation)
    {
        if (operation.List is { } list)
        {
            foreach (string name in new[] { list.WatchMethod, list.EnumerateMethod, list.EnumeratePagesMethod }.Where(n => n.Length > 0))
            {
                yield return name;
            }
        }
    }

    public static void Write(SourceWriter w, ClientContext c, OperationModel operation)
    {
        if (operation.List is not { } list || operation.Result is not { Kind: TypeRefKind.Model } result)
        {
            return;
        }

        if (list.Watchable)
        {
            WriteWatch(w, c, operation, list);
        }

        if (list.Pageable)
        {
            WriteEnumeratePages(w, c, operation, list, result);
            WriteEnumerateItems(w, c, operation, list, result);
        }
    }

    private static string Errors(ClientContext c, OperationModel operation) =>
        operation.Errors.Count == 0 ? c.Fx["ApiErrorBodies"] + ".None" : OperationEmitter.ErrorsField(operation);

    private static void WriteWatch(SourceWriter w, ClientContext c, OperationModel operation, ListShapeModel list)
    {
        string item = c.TypeOf(list.ItemType);
        var parameters = operation.Parameters.Where(p => p.Role is not (ParameterRole.Limit or ParameterRole.Continue or ParameterRole.WatchSwitch)).ToList();
        ParameterModel? resourceVersion = parameters.FirstOrDefault(p => p.WireName == "resourceVersion" && p.Location == ParameterLocation.Query);
        ParameterModel? timeoutSeconds = parameters.FirstOrDefault(p => p.WireName == "timeoutSeconds" && p.Location == ParameterLocation.Query);

        w.Line();
        w.DocRaw("<summary>Watches " + Subject(operation) + ": every change, as it happens, as a watch event.</summary>");
        w.Line("/// <remarks>");
        w.Line("/// <para>");
        w.Line("/// Calls <c>" + operation.HttpMethod + " " + SourceWriter.Escape(operation.Path) + "?watch=true</c> (operation <c>" + SourceWriter.Escape(operation.OperationId) + "</c>) and yields each");
        w.Line("/// event as its bytes arrive. The enumeration starts as soon as the response headers arrive. When the server");
        w.Line("/// ends the stream (every timeoutSeconds) or the connection drops or stays silent for");
        w.Line("/// <see cref=\"" + c.Fx["WatchOptions"] + ".IdleTimeout\"/>, the watch resumes from the last resourceVersion it saw");
        w.Line("/// (bookmarks are requested and count), with capped, jittered backoff: no event is lost or delivered twice.");
        w.Line("/// Set <see cref=\"" + c.Fx["WatchOptions"] + ".Resume\"/> to false to end with the first stream instead.");
        w.Line("/// </para>");
        w.Line("/// <para>");
        w.Line("/// An ERROR event is thrown as <see cref=\"WatchException\"/>; 410 Gone (the resourceVersion is too old) as");
        w.Line("/// <see cref=\"WatchExpiredException\"/>: list again and watch from the list's resourceVersion.");
        w.Line("/// </para>");
        w.Line("/// </remarks>");
        foreach (ParameterModel parameter in parameters.Where(p => p.Required))
        {
            OperationEmitter.WriteParameterDoc(w, parameter);
        }

        foreach (ParameterModel parameter in parameters.Where(p => !p.Required))
        {
            OperationEmitter.WriteParameterDoc(w, parameter, parameter.WireName switch
            {
                "allowWatchBookmarks" => "Null asks for bookmarks (true).",
                "timeoutSeconds" => "Null asks for a random 5 to 10 minutes (see WatchOptions.RandomizeServerTimeout).",
                "resourceVersion" => "Null starts from the current state; resumes use the last resourceVersion seen.",
                "sendInitialEvents" or "resourceVersionMatch" => "Sent on the first connection only; left out when null.",
                _ => "Left out when null.",
            });
        }

        w.DocRaw("<param name=\"watchOptions\">Resume, idle timeout and backoff; null for the defaults.</param>");
        w.DocRaw("<param name=\"cancellationToken\">Ends the watch and closes its connection.</param>");
        w.DocRaw("<returns>The events: ADDED, MODIFIED, DELETED, BOOKMARK and any type a newer server sends.</returns>");
        OperationEmitter.WriteExceptionDoc(w, c, operation);

        var arguments = parameters.Where(p => p.Required).Select(p => OperationEmitter.ParameterType(c, p) + " " + p.ArgumentName)
            .Concat(parameters.Where(p => !p.Required).Select(p => OperationEmitter.ParameterType(c, p) + "? " + p.ArgumentName + " = null"))
            .Concat(new[] { c.Fx["WatchOptions"] + "? watchOptions = null", c.Fx["CancellationToken"] + " cancellationToken = default" });
        w.Open("public " + c.Fx["IAsyncEnumerable"] + "<" + c.Fx["WatchEvent"] + "<" + item + ">> " + list.WatchMethod + "(" + string.Join(", ", arguments) + ")");
        string resourceVersionOf = list.ItemMetadataProperty is { } metadata && list.ItemResourceVersionProperty is { } version
            ? "static item => item." + metadata + "?." + version
            : "null";
        w.Line("return " + c.Fx["WatchStream"] + ".WatchAsync<" + item + ">(_pipeline, CreateRequest, " + TypeSyntax.ContextReader(c.Scope, list.ItemType) + ", " + resourceVersionOf + ", "
            + (resourceVersion?.ArgumentName ?? "null") + ", " + (timeoutSeconds?.ArgumentName ?? "null") + ", watchOptions, " + Errors(c, operation) + ", cancellationToken);");
        w.Line();

        var chain = new List<string>();
        foreach (ParameterModel parameter in operation.Parameters.Where(p => p.Role is not (ParameterRole.Limit or ParameterRole.Continue)))
        {
            string? value = parameter.Role == ParameterRole.WatchSwitch ? "true" : parameter.WireName switch
            {
                "resourceVersion" => "connection.ResourceVersion",
                "timeoutSeconds" => "connection.TimeoutSeconds",
                "allowWatchBookmarks" => parameter.ArgumentName + " ?? true",
                "sendInitialEvents" or "resourceVersionMatch" => "connection.IsResume ? null : " + parameter.ArgumentName,
                _ => null,
            };
            if (parameter.Location != ParameterLocation.Query || !ConnectionParameters.Contains(parameter.WireName))
            {
                value = parameter.Role == ParameterRole.WatchSwitch ? "true" : null;
            }

            chain.Add(OperationEmitter.ParameterCall(c, parameter, value));
        }

        string start = c.Fx["ApiRequest"] + " CreateRequest(" + c.Fx["WatchConnection"] + " connection) => new " + c.Fx["ApiRequest"] + "(" + c.Fx["HttpMethod"] + ".Get, "
            + CSharpLiterals.String(operation.Path) + ", " + CSharpLiterals.String(operation.OperationId) + ")";
        OperationEmitter.WriteStatement(w, start, chain);
        w.Close();
    }

    /// <summary>The parameters paging passes through: not the page size, token, watch or consistency knobs.</summary>
    private static List<ParameterModel> PagingParameters(OperationModel operation) => operation.Parameters
        .Where(p => p.Role == ParameterRole.Normal && !(p.Location == ParameterLocation.Query && ConnectionParameters.Contains(p.WireName)))
        .ToList();

    private static void WritePagingDocs(SourceWriter w, ClientContext c, OperationModel operation, List<ParameterModel> parameters, ParameterModel limit)
    {
        foreach (ParameterModel parameter in parameters.Where(p => p.Required))
        {
            OperationEmitter.WriteParameterDoc(w, parameter);
        }

        foreach (ParameterModel parameter in parameters.Where(p => !p.Required))
        {
            OperationEmitter.WriteParameterDoc(w, parameter);
        }

        w.DocRaw("<param name=\"pageSize\">Items per request (<c>" + SourceWriter.Escape(limit.WireName) + "</c>); defaults to <see cref=\"" + c.Fx["Pager"] + ".DefaultPageSize\"/>.</param>");
        w.DocRaw("<param name=\"pagingOptions\">What happens when a continue token expires mid-way; null: throw.</param>");
        w.DocRaw("<param name=\"cancellationToken\">Stops the enumeration; no further request is sent.</param>");
    }

    private static string PagingSignature(ClientContext c, List<ParameterModel> parameters, ParameterModel limit) => string.Join(", ",
        parameters.Where(p => p.Required).Select(p => OperationEmitter.ParameterType(c, p) + " " + p.ArgumentName)
            .Concat(parameters.Where(p => !p.Required).Select(p => OperationEmitter.ParameterType(c, p) + "? " + p.ArgumentName + " = null"))
            .Concat(new[]
            {
                OperationEmitter.ParameterType(c, limit) + "? pageSize = null",
                c.Fx["PagingOptions"] + "? pagingOptions = null",
                c.Fx["CancellationToken"] + " cancellationToken = default",
            }));

    private static void WriteEnumeratePages(SourceWriter w, ClientContext c, OperationModel operation, ListShapeModel list, TypeRef result)
    {
        ParameterModel limit = operation.Parameters.First(p => p.Role == ParameterRole.Limit);
        ParameterModel token = operation.Parameters.First(p => p.Role == ParameterRole.Continue);
        List<ParameterModel> parameters = PagingParameters(operation);
        string listType = c.TypeOf(result);

        w.Line();
        w.DocRaw("<summary>Lists " + Subject(operation) + " page by page, following continue tokens to the last page.</summary>");
        w.Line("/// <remarks>");
        w.Line("/// <para>");
        w.Line("/// Each page is the list object itself: its items, and metadata with the resourceVersion to start a watch from");
        w.Line("/// " + (list.RemainingItemCountProperty is null ? "and the continue token." : "and remainingItemCount (for progress) when the server sends it."));
        w.Line("/// One page is held at a time; the next is requested only when the caller moves past the current one.");
        w.Line("/// </para>");
        w.Line("/// <para>Calls <see cref=\"" + operation.Name + "Async\"/> (<c>" + operation.HttpMethod + " " + SourceWriter.Escape(operation.Path) + "</c>) once per page.</para>");
        w.Line("/// </remarks>");
        WritePagingDocs(w, c, operation, parameters, limit);
        w.DocRaw("<returns>The pages, in order.</returns>");
        OperationEmitter.WriteExceptionDoc(w, c, operation);
        w.Line("public " + c.Fx["IAsyncEnumerable"] + "<" + listType + "> " + list.EnumeratePagesMethod + "(" + PagingSignature(c, parameters, limit) + ") =>");
        w.Indent();
        w.Line(c.Fx["Pager"] + ".EnumeratePagesAsync<" + listType + ">(");
        w.Indent();
        var arguments = parameters.Where(p => p.Location == ParameterLocation.Path).Select(p => p.ArgumentName)
            .Concat(parameters.Where(p => p.Location != ParameterLocation.Path).Select(p => p.ArgumentName + ": " + p.ArgumentName))
            .Concat(new[]
            {
                limit.ArgumentName + ": pageSize ?? " + c.Fx["Pager"] + ".DefaultPageSize",
                token.ArgumentName + ": continueToken",
                "cancellationToken: token",
            });
        w.Line("(continueToken, token) => " + operation.Name + "Async(" + string.Join(", ", arguments) + "),");
        w.Line("static page => page." + list.MetadataProperty + "?." + list.ContinueProperty + ",");
        w.Line("pagingOptions,");
        w.Line("cancellationToken);");
        w.Outdent();
        w.Outdent();
    }

    private static void WriteEnumerateItems(SourceWriter w, ClientContext c, OperationModel operation, ListShapeModel list, TypeRef result)
    {
        ParameterModel limit = operation.Parameters.First(p => p.Role == ParameterRole.Limit);
        List<ParameterModel> parameters = PagingParameters(operation);
        string item = c.TypeOf(list.ItemType);

        w.Line();
        w.DocRaw("<summary>Lists " + Subject(operation) + " item by item, requesting pages of <paramref name=\"pageSize\"/> as the caller pulls.</summary>");
        w.Line("/// <remarks>Only one page is held in memory. For each page's metadata (resourceVersion, remainingItemCount), use <see cref=\"" + list.EnumeratePagesMethod + "\"/>.</remarks>");
        WritePagingDocs(w, c, operation, parameters, limit);
        w.DocRaw("<returns>The items, in the server's order.</returns>");
        OperationEmitter.WriteExceptionDoc(w, c, operation);
        w.Line("public " + c.Fx["IAsyncEnumerable"] + "<" + item + "> " + list.EnumerateMethod + "(" + PagingSignature(c, parameters, limit) + ") =>");
        w.Indent();
        var arguments = parameters.Select(p => p.ArgumentName).Concat(new[] { "pageSize", "pagingOptions", "cancellationToken" });
        w.Line(c.Fx["Pager"] + ".EnumerateItemsAsync(" + list.EnumeratePagesMethod + "(" + string.Join(", ", arguments) + "), static page => page." + list.ItemsProperty + ", cancellationToken);");
        w.Outdent();
    }

    /// <summary>"the objects <c>listNamespacedEndpointSlices</c> lists".</summary>
    private static string Subject(OperationModel operation) =>
        "the objects <c>" + SourceWriter.Escape(operation.OperationId) + "</c> lists";
}
