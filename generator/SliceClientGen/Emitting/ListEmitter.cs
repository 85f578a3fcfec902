using System.Collections.Generic;
using System.Linq;
using SliceClientGen.Model;

namespace SliceClientGen.Emitting;

/// <summary>
/// Emits what a list operation gets on top of its plain method, as its <see cref="ListOperationModel"/> says:
/// <c>Watch…Async</c> (an <c>IAsyncEnumerable</c> of watch events that resumes across reconnects) and
/// <c>Enumerate…PagesAsync</c> / <c>Enumerate…Async</c> (continue-token paging, one page in memory).
/// </summary>
internal static class ListEmitter
{
    public static void Write(SourceWriter w, ClientContext c, OperationModel operation)
    {
        if (operation.List is not { } list || operation.Response.Result is not { Kind: TypeRefKind.Model } result)
        {
            return;
        }

        if (list.Watch is { } watch)
        {
            WriteWatch(w, c, operation, list, watch);
        }

        if (list.Paging is { } paging)
        {
            WriteEnumeratePages(w, c, operation, list, paging, result);
            WriteEnumerateItems(w, c, operation, list, paging);
        }

        if (list.Informer is { } informer && list.Watch is { } watched)
        {
            WriteInformer(w, c, operation, list, informer, watched);
        }
    }

    private static void WriteInformer(SourceWriter w, ClientContext c, OperationModel operation, ListOperationModel list, InformerMethodModel informer, WatchMethodModel watch)
    {
        string item = c.TypeOf(list.ItemType);
        string listType = c.TypeOf(operation.Response.Result!);
        string request = "request";
        string token = GeneratedNames.CancellationTokenArgument;
        IEnumerable<string> passed = informer.Arguments.Where(p => p.Location == ParameterLocation.Path).Select(p => p.ArgumentName)
            .Concat(informer.Arguments.Where(p => p.Location != ParameterLocation.Path).Select(p => p.ArgumentName + ": " + p.ArgumentName));
        string listArguments = string.Join(", ", passed.Concat(new[]
        {
            $"{informer.Limit}: {request}.Limit",
            $"{informer.Continue}: {request}.Continue",
            $"{informer.ResourceVersion}: {request}.ResourceVersion",
            $"{informer.ResourceVersionMatch}: {request}.ResourceVersionMatch",
            $"{token}: {token}",
        }));
        string watchArguments = string.Join(", ", passed.Concat(new[]
        {
            $"{informer.ResourceVersion}: {request}.ResourceVersion",
            $"{informer.ResourceVersionMatch}: {request}.ResourceVersionMatch",
            $"{informer.AllowWatchBookmarks}: true",
            $"{informer.SendInitialEvents}: {request}.SendInitialEvents",
            $"{GeneratedNames.WatchOptionsArgument}: {request}.Options",
            $"{token}: {token}",
        }));
        string signature = string.Join(", ", Arguments(c, informer.Arguments).Concat(new[] { $"{c.Fx["InformerOptions"]}? {GeneratedNames.InformerOptionsArgument} = null" }));

        w.Line();
        w.DocXml("summary", $"Creates an informer of the {c.See(item)} objects {XmlDoc.See(operation.MethodName)} lists: a local cache kept current by a list, then a watch.");
        w.DocXml("remarks", $"""
            <para>
            Not started: call {XmlDoc.Code("StartAsync")}, then {XmlDoc.Code("WaitForSyncAsync")}. The informer lists with a
            streaming list where the server supports it (else with pages of {XmlDoc.Code("limit")}), watches from the list's
            resourceVersion with bookmarks through {XmlDoc.See(watch.Name)}, lists again after 410 Gone and delivers the
            difference as events, and backs off after failures.
            </para>
            """);
        foreach (ParameterModel parameter in informer.Arguments)
        {
            OperationEmitter.WriteParameterDoc(w, c, parameter);
        }

        w.Template($$"""
            /// <param name="{{GeneratedNames.InformerOptionsArgument}}">Paging, backoff, logging and metrics; an {{XmlDoc.Code("InformerOptions<" + item + ">")}} adds a transform, equality and indexes. Null for the defaults.</param>
            /// <returns>The informer; dispose it to stop it.</returns>
            public {{c.Fx["Informer"]}}<{{item}}> {{informer.Name}}({{signature}}) =>
                new {{c.Fx["Informer"]}}<{{item}}>(
                    new {{c.Fx["ListWatch"]}}<{{item}}>(
                        async ({{request}}, {{token}}) =>
                        {
                            {{listType}} page = await {{operation.MethodName}}({{listArguments}}).ConfigureAwait(false);
                            return new {{c.Fx["ListPage"]}}<{{item}}>(page.{{list.ItemsProperty}}, page.{{informer.ListResourceVersionPath}}, page.{{GetContinuePath(list)}});
                        },
                        ({{request}}, {{token}}) => {{watch.Name}}({{watchArguments}}),
                        static item => item.{{informer.ItemNamespacePath}},
                        static item => item.{{informer.ItemNamePath}},
                        static item => item.{{informer.ItemResourceVersionPath}},
                        {{(informer.ItemLabelsPath is { } labels ? "static item => item." + labels : "null")}},
                        {{CSharpLiterals.String(informer.Resource)}}),
                    {{GeneratedNames.InformerOptionsArgument}});
            """);
    }

    private static string GetContinuePath(ListOperationModel list) => list.Paging!.ContinuePath;

    private static void WriteWatch(SourceWriter w, ClientContext c, OperationModel operation, ListOperationModel list, WatchMethodModel watch)
    {
        RequestModel request = operation.Request;
        string item = c.TypeOf(list.ItemType);
        string watchOptions = c.Fx["WatchOptions"];
        string call = XmlDoc.Code(request.HttpMethod + " " + request.Path + "?watch=true");
        string supersedes = watch.Supersedes.Count == 0 ? string.Empty : $"""
            <para>
            Use it instead of the deprecated {string.Join(" and ", watch.Supersedes.Select(XmlDoc.Code))} ({Plural(watch.Supersedes.Count, "operation")} on a
            <c>/watch/</c> path), which {(watch.Supersedes.Count == 1 ? "is" : "are")} not generated: an endless stream of events is no single result.
            </para>
            """;

        w.Line();
        w.DocXml("summary", $"Watches the {c.See(item)} objects {XmlDoc.See(operation.MethodName)} lists: every change, as it happens, as a watch event.");
        w.DocXml("remarks", $"""
            <para>
            Calls {call} and yields each event as its bytes arrive; the enumeration starts as soon as the response
            headers arrive. When the server ends the stream (every <c>timeoutSeconds</c>) or the connection drops or stays
            silent for {c.See("WatchOptions", "IdleTimeout")}, the watch resumes from the last resourceVersion it saw
            (bookmarks are requested and count), with capped, jittered backoff: no event is lost or delivered twice.
            Set {c.See("WatchOptions", "Resume")} to false to end with the first stream instead.
            </para>
            <para>
            An ERROR event is thrown as {c.See("WatchException")}; 410 Gone (the resourceVersion is too old) as
            {c.See("WatchExpiredException")}: list again and watch from the list's resourceVersion.
            </para>
            {supersedes}
            """);
        foreach (ParameterModel parameter in watch.Arguments.Where(p => p.Required))
        {
            OperationEmitter.WriteParameterDoc(w, c, parameter);
        }

        foreach (WatchQueryValue value in watch.Query.Where(v => !v.Parameter.Required && watch.Arguments.Contains(v.Parameter)))
        {
            OperationEmitter.WriteParameterDoc(w, c, value.Parameter, WhenNull(c, value.Source));
        }

        w.Template($$"""
            /// <param name="{{GeneratedNames.WatchOptionsArgument}}">Resume, idle timeout and backoff; null for the defaults.</param>
            /// <param name="{{GeneratedNames.CancellationTokenArgument}}">Ends the watch and closes its connection.</param>
            /// <returns>The events: ADDED, MODIFIED, DELETED, BOOKMARK and any type a newer server sends.</returns>
            """);
        OperationEmitter.WriteExceptionDoc(w, c, operation);

        string arguments = string.Join(", ", Arguments(c, watch.Arguments).Concat(new[]
        {
            $"{watchOptions}? {GeneratedNames.WatchOptionsArgument} = null",
            $"{c.Fx["CancellationToken"]} {GeneratedNames.CancellationTokenArgument} = default",
        }));
        string resourceVersionOf = watch.ItemResourceVersionPath is { } path ? "static item => item." + path : "null";
        string connection = GeneratedNames.WatchConnectionLocal;
        using (w.Block($"public {c.Fx["IAsyncEnumerable"]}<{c.Fx["WatchEvent"]}<{item}>> {watch.Name}({arguments})"))
        {
            w.Template($$"""
                return {{c.Fx["WatchStream"]}}.WatchAsync<{{item}}>(
                    {{GeneratedNames.Pipeline}},
                    {{GeneratedNames.CreateWatchRequestLocal}},
                    {{c.ContextReader(list.ItemType)}},
                    {{resourceVersionOf}},
                    {{watch.ResourceVersionArgument ?? "null"}},
                    {{watch.TimeoutSecondsArgument ?? "null"}},
                    {{GeneratedNames.WatchOptionsArgument}},
                    {{OperationEmitter.Errors(c, operation)}},
                    {{GeneratedNames.CancellationTokenArgument}});

                """);
            var calls = watch.Query.Select(v => OperationEmitter.ParameterCall(c, v.Parameter, v.Source switch
            {
                WatchValueSource.True => "true",
                WatchValueSource.ArgumentOrTrue => v.Parameter.ArgumentName + " ?? true",
                WatchValueSource.ConnectionResourceVersion => connection + ".ResourceVersion",
                WatchValueSource.ConnectionTimeout => connection + ".TimeoutSeconds",
                WatchValueSource.FirstConnectionOnly => $"{connection}.IsResume ? null : {v.Parameter.ArgumentName}",
                _ => null,
            })).ToList();
            OperationEmitter.WriteStatement(w, $"{c.Fx["ApiRequest"]} {GeneratedNames.CreateWatchRequestLocal}({c.Fx["WatchConnection"]} {connection}) => {OperationEmitter.NewRequest(c, request)}", calls);
        }
    }

    /// <summary>What null means for a watch argument, by where its value comes from.</summary>
    private static string WhenNull(ClientContext c, WatchValueSource source) => source switch
    {
        WatchValueSource.ArgumentOrTrue => "Null asks for bookmarks (true).",
        WatchValueSource.ConnectionTimeout => $"Null asks for a random 5 to 10 minutes (see {c.See("WatchOptions", "RandomizeServerTimeout")}).",
        WatchValueSource.ConnectionResourceVersion => "Null starts from the current state; resumes use the last resourceVersion seen.",
        WatchValueSource.FirstConnectionOnly => "Sent on the first connection only; left out when null.",
        _ => "Left out when null.",
    };

    private static void WriteEnumeratePages(SourceWriter w, ClientContext c, OperationModel operation, ListOperationModel list, PagingMethodsModel paging, TypeRef result)
    {
        RequestModel request = operation.Request;
        string listType = c.TypeOf(result);
        string pager = c.Fx["Pager"];
        string metadata = list.HasRemainingItemCount
            ? "and remainingItemCount (for progress) when the server sends it."
            : "and the continue token.";

        w.Line();
        w.DocXml("summary", $"Lists the {c.See(c.TypeOf(list.ItemType))} objects {XmlDoc.See(operation.MethodName)} lists page by page, following continue tokens to the last page.");
        w.DocXml("remarks", $"""
            <para>
            Each page is the list object itself: its items, and metadata with the resourceVersion to start a watch from
            {metadata}
            One page is held at a time; the next is requested only when the caller moves past the current one.
            </para>
            <para>Calls {XmlDoc.See(operation.MethodName)} ({XmlDoc.Code(request.HttpMethod + " " + request.Path)}) once per page.</para>
            """);
        WritePagingDocs(w, c, paging);
        w.DocXml("returns", "The pages, in order.");
        OperationEmitter.WriteExceptionDoc(w, c, operation);

        var arguments = paging.Arguments.Where(p => p.Location == ParameterLocation.Path).Select(p => p.ArgumentName)
            .Concat(paging.Arguments.Where(p => p.Location != ParameterLocation.Path).Select(p => p.ArgumentName + ": " + p.ArgumentName))
            .Concat(new[]
            {
                $"{paging.Limit.ArgumentName}: {GeneratedNames.PageSizeArgument} ?? {pager}.DefaultPageSize",
                $"{paging.Continue.ArgumentName}: {GeneratedNames.ContinueTokenLocal}",
                $"{GeneratedNames.CancellationTokenArgument}: {GeneratedNames.PageTokenLocal}",
            });
        w.Template($$"""
            public {{c.Fx["IAsyncEnumerable"]}}<{{listType}}> {{paging.PagesMethod}}({{PagingSignature(c, paging)}}) =>
                {{pager}}.EnumeratePagesAsync<{{listType}}>(
                    ({{GeneratedNames.ContinueTokenLocal}}, {{GeneratedNames.PageTokenLocal}}) => {{operation.MethodName}}({{string.Join(", ", arguments)}}),
                    static page => page.{{paging.ContinuePath}},
                    {{GeneratedNames.PagingOptionsArgument}},
                    {{GeneratedNames.CancellationTokenArgument}});
            """);
    }

    private static void WriteEnumerateItems(SourceWriter w, ClientContext c, OperationModel operation, ListOperationModel list, PagingMethodsModel paging)
    {
        string item = c.TypeOf(list.ItemType);
        var arguments = paging.Arguments.Select(p => p.ArgumentName)
            .Concat(new[] { GeneratedNames.PageSizeArgument, GeneratedNames.PagingOptionsArgument, GeneratedNames.CancellationTokenArgument });

        w.Line();
        w.DocXml("summary", $"Lists the {c.See(item)} objects {XmlDoc.See(operation.MethodName)} lists item by item, requesting pages of {XmlDoc.ParamRef(GeneratedNames.PageSizeArgument)} as the caller pulls.");
        w.DocXml("remarks", $"Only one page is held in memory. For each page's metadata (resourceVersion, remainingItemCount), use {XmlDoc.See(paging.PagesMethod)}.");
        WritePagingDocs(w, c, paging);
        w.DocXml("returns", "The items, in the server's order.");
        OperationEmitter.WriteExceptionDoc(w, c, operation);
        w.Template($$"""
            public {{c.Fx["IAsyncEnumerable"]}}<{{item}}> {{paging.ItemsMethod}}({{PagingSignature(c, paging)}}) =>
                {{c.Fx["Pager"]}}.EnumerateItemsAsync({{paging.PagesMethod}}({{string.Join(", ", arguments)}}), static page => page.{{list.ItemsProperty}}, {{GeneratedNames.CancellationTokenArgument}});
            """);
    }

    private static void WritePagingDocs(SourceWriter w, ClientContext c, PagingMethodsModel paging)
    {
        foreach (ParameterModel parameter in paging.Arguments.Where(p => p.Required).Concat(paging.Arguments.Where(p => !p.Required)))
        {
            OperationEmitter.WriteParameterDoc(w, c, parameter);
        }

        w.Template($$"""
            /// <param name="{{GeneratedNames.PageSizeArgument}}">Items per request (<c>{{XmlDoc.Text(paging.Limit.WireName)}}</c>); defaults to {{c.See("Pager", "DefaultPageSize")}}.</param>
            /// <param name="{{GeneratedNames.PagingOptionsArgument}}">What happens when a continue token expires mid-way; null: throw.</param>
            /// <param name="{{GeneratedNames.CancellationTokenArgument}}">Stops the enumeration; no further request is sent.</param>
            """);
    }

    private static string PagingSignature(ClientContext c, PagingMethodsModel paging) => string.Join(", ", Arguments(c, paging.Arguments).Concat(new[]
    {
        $"{OperationEmitter.ParameterType(c, paging.Limit)}? {GeneratedNames.PageSizeArgument} = null",
        $"{c.Fx["PagingOptions"]}? {GeneratedNames.PagingOptionsArgument} = null",
        $"{c.Fx["CancellationToken"]} {GeneratedNames.CancellationTokenArgument} = default",
    }));

    /// <summary>Required arguments, then optional ones (defaulting to null).</summary>
    private static IEnumerable<string> Arguments(ClientContext c, IEnumerable<ParameterModel> parameters)
    {
        List<ParameterModel> list = parameters.ToList();
        return list.Where(p => p.Required).Select(p => $"{OperationEmitter.ParameterType(c, p)} {p.ArgumentName}")
            .Concat(list.Where(p => !p.Required).Select(p => $"{OperationEmitter.ParameterType(c, p)}? {p.ArgumentName} = null"));
    }

    private static string Plural(int count, string noun) => count == 1 ? noun : noun + "s";
}
