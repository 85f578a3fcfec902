using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SliceClientGen.Watch.Tests.Infrastructure;

/// <summary>How the fake answers a watch whose resourceVersion is older than the compaction point.</summary>
public enum ExpiredWatchAnswer
{
    /// <summary>HTTP 410 with a Status body (what a server without the watch cache does on connect).</summary>
    HttpStatus,

    /// <summary>HTTP 200 and one ERROR event carrying a 410 Status (what the watch cache does).</summary>
    ErrorEvent,
}

/// <summary>What one watch connection does besides serving events; the fake takes one plan per watch request, in order.</summary>
public sealed record WatchPlan
{
    /// <summary>End the response cleanly after this many events.</summary>
    public int? EndAfterEvents { get; init; }

    /// <summary>Abort the connection (<see cref="HttpContext.Abort"/>) after this many events.</summary>
    public int? AbortAfterEvents { get; init; }

    /// <summary>
    /// With <see cref="AbortAfterEvents"/>: abort only once this completes (the client has read the events).
    /// A flushed write is only handed to the transport; an abort right after it can discard it unsent.
    /// </summary>
    public Task? AbortWhen { get; init; }

    /// <summary>Stop sending (keep the connection open, silent) after this many events.</summary>
    public int? StallAfterEvents { get; init; }
}

/// <summary>One entry of the fake's event log.</summary>
public sealed record LoggedEvent(string Type, long ResourceVersion, string Key, JsonObject Object)
{
    public bool IsBookmark => Type == "BOOKMARK";

    public string Name => (string)Object["metadata"]!["name"]!;
}

/// <summary>
/// An in-memory Kubernetes list/watch server for EndpointSlices: a store keyed by namespace/name with one
/// increasing resourceVersion counter and an event log. Lists honour limit/continue (the continue token is an
/// opaque base64 of the last key and the snapshot resourceVersion, items in namespace/name order) and
/// labelSelector (key=value); watches (watch=true) replay the log after resourceVersion, then stream new
/// events, honour timeoutSeconds, send BOOKMARKs when allowWatchBookmarks=true, serve sendInitialEvents, and
/// answer 410 for resourceVersions or continue tokens older than <see cref="CompactedRevision"/>.
/// </summary>
public sealed class FakeKubeApi : IAsyncDisposable
{
    private const string ListPath = "/apis/discovery.k8s.io/v1/endpointslices";
    private const string NamespacedPrefix = "/apis/discovery.k8s.io/v1/namespaces/";

    private readonly object _gate = new();
    private readonly SortedDictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly List<LoggedEvent> _log = new();
    private readonly ConcurrentQueue<WatchPlan> _plans = new();
    private readonly ConcurrentQueue<string> _issuedContinueTokens = new();
    private TaskCompletionSource _changed = NewSignal();
    private long _resourceVersion = 100;

    private const string ExpiredContinueMessage = "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

    private FakeKubeApi()
    {
    }

    public ScriptedServer Server { get; private set; } = null!;

    /// <summary>Every request the server received.</summary>
    public IReadOnlyList<RecordedRequest> Requests => Server.Requests;

    /// <summary>The watch requests (watch=true), in order.</summary>
    public IReadOnlyList<RecordedRequest> WatchRequests => Server.Requests.Where(r => r["watch"] == "true").ToList();

    /// <summary>The list requests (no watch=true), in order.</summary>
    public IReadOnlyList<RecordedRequest> ListRequests => Server.Requests.Where(r => r["watch"] != "true").ToList();

    /// <summary>The continue tokens the list responses carried, in order ("" for the last page).</summary>
    public IReadOnlyList<string> IssuedContinueTokens => _issuedContinueTokens.ToArray();

    /// <summary>resourceVersions (of watches and continue tokens) older than this are gone: 410.</summary>
    public long CompactedRevision { get; set; }

    /// <summary>How a watch from a compacted resourceVersion is answered.</summary>
    public ExpiredWatchAnswer ExpiredWatch { get; set; } = ExpiredWatchAnswer.HttpStatus;

    /// <summary>How long one "second" of timeoutSeconds lasts (shortened in tests).</summary>
    public TimeSpan TimeoutSecond { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The current resourceVersion.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>The event log (changes and bookmarks), in order.</summary>
    public IReadOnlyList<LoggedEvent> Log
    {
        get
        {
            lock (_gate)
            {
                return _log.ToArray();
            }
        }
    }

    public static async Task<FakeKubeApi> StartAsync()
    {
        var fake = new FakeKubeApi();
        fake.Server = await ScriptedServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    /// <summary>Queues what the next watch connection (without a plan yet) does.</summary>
    public void Plan(WatchPlan plan) => _plans.Enqueue(plan);

    /// <summary>Creates or updates an object: ADDED or MODIFIED at a new resourceVersion.</summary>
    public long Upsert(string @namespace, string name, string service = "web", int endpoints = 1)
    {
        lock (_gate)
        {
            string key = @namespace + "/" + name;
            long version = ++_resourceVersion;
            JsonObject slice = KubeJson.Slice(@namespace, name, version.ToString(CultureInfo.InvariantCulture), service, endpoints);
            string type = _objects.ContainsKey(key) ? "MODIFIED" : "ADDED";
            _objects[key] = slice;
            Append(new LoggedEvent(type, version, key, (JsonObject)slice.DeepClone()));
            return version;
        }
    }

    /// <summary>Deletes an object: DELETED (its last state, at the deletion's resourceVersion).</summary>
    public long Delete(string @namespace, string name)
    {
        lock (_gate)
        {
            string key = @namespace + "/" + name;
            JsonObject last = _objects[key];
            _objects.Remove(key);
            long version = ++_resourceVersion;
            var deleted = (JsonObject)last.DeepClone();
            deleted["metadata"]!["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
            Append(new LoggedEvent("DELETED", version, key, deleted));
            return version;
        }
    }

    /// <summary>Sends a BOOKMARK at the current resourceVersion to the watches open now that asked for bookmarks.</summary>
    public long Bookmark()
    {
        lock (_gate)
        {
            Append(new LoggedEvent("BOOKMARK", _resourceVersion, string.Empty, KubeJson.BookmarkObject(_resourceVersion.ToString(CultureInfo.InvariantCulture))));
            return _resourceVersion;
        }
    }

    /// <summary>
    /// Other resources change (the revision is global, as etcd's is), then history is compacted: watches from
    /// any resourceVersion before now and every continue token issued so far get 410.
    /// </summary>
    public void Compact()
    {
        lock (_gate)
        {
            CompactedRevision = ++_resourceVersion;
        }
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private void Append(LoggedEvent entry)
    {
        _log.Add(entry);
        TaskCompletionSource changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task HandleAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? string.Empty;
        string? @namespace = null;
        if (path.StartsWith(NamespacedPrefix, StringComparison.Ordinal) && path.EndsWith("/endpointslices", StringComparison.Ordinal))
        {
            @namespace = path[NamespacedPrefix.Length..^"/endpointslices".Length];
        }
        else if (path != ListPath)
        {
            return WriteStatusAsync(context, KubeJson.Status(404, "NotFound", "the server could not find the requested resource"));
        }

        var query = context.Request.Query;
        var selector = Selector.Parse(query["labelSelector"]);
        return query["watch"] == "true"
            ? WatchAsync(context, @namespace, selector)
            : ListAsync(context, @namespace, selector);
    }

    private async Task ListAsync(HttpContext context, string? @namespace, Selector selector)
    {
        JsonObject body = List(context.Request.Query, @namespace, selector);
        if (body["kind"]?.GetValue<string>() == "Status")
        {
            await WriteStatusAsync(context, body);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private JsonObject List(IQueryCollection query, string? @namespace, Selector selector)
    {
        int limit = int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out int l) && l > 0 ? l : int.MaxValue;
        string? token = query["continue"];
        lock (_gate)
        {
            string start = string.Empty;
            long snapshot = _resourceVersion;
            if (!string.IsNullOrEmpty(token))
            {
                if (!ContinueToken.TryDecode(token, out string lastKey, out long tokenVersion))
                {
                    return KubeJson.Status(400, "BadRequest", "invalid continue token: '" + token + "'");
                }

                if (tokenVersion < CompactedRevision)
                {
                    return KubeJson.Status(410, "Expired", ExpiredContinueMessage, ContinueToken.Encode(lastKey, _resourceVersion));
                }

                start = lastKey;
                snapshot = tokenVersion;
            }

            var matching = _objects
                .Where(o => string.CompareOrdinal(o.Key, start) > 0)
                .Where(o => @namespace is null || o.Key.StartsWith(@namespace + "/", StringComparison.Ordinal))
                .Where(o => selector.Matches(o.Value))
                .ToList();
            var page = matching.Take(limit).ToList();
            int remaining = matching.Count - page.Count;
            string next = remaining > 0 ? ContinueToken.Encode(page[^1].Key, snapshot) : string.Empty;
            var metadata = new JsonObject { ["resourceVersion"] = snapshot.ToString(CultureInfo.InvariantCulture) };
            if (remaining > 0)
            {
                metadata["continue"] = next;
                metadata["remainingItemCount"] = remaining;
            }

            _issuedContinueTokens.Enqueue(next);
            return new JsonObject
            {
                ["kind"] = "EndpointSliceList",
                ["apiVersion"] = "discovery.k8s.io/v1",
                ["metadata"] = metadata,
                ["items"] = new JsonArray(page.Select(p => (JsonNode)p.Value.DeepClone()).ToArray()),
            };
        }
    }

    private async Task WatchAsync(HttpContext context, string? @namespace, Selector selector)
    {
        var query = context.Request.Query;
        string? resourceVersion = query["resourceVersion"];
        bool bookmarks = query["allowWatchBookmarks"] == "true";
        bool initialEvents = query["sendInitialEvents"] == "true";
        TimeSpan? timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) ? TimeoutSecond * seconds : null;
        WatchPlan plan = _plans.TryDequeue(out WatchPlan? queued) ? queued : new WatchPlan();

        if (initialEvents && (query["resourceVersionMatch"] != "NotOlderThan" || !bookmarks))
        {
            await WriteStatusAsync(context, KubeJson.Status(422, "Invalid", "sendInitialEvents requires resourceVersionMatch=NotOlderThan and allowWatchBookmarks=true"));
            return;
        }

        long from = 0;
        if (!string.IsNullOrEmpty(resourceVersion) && !long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out from))
        {
            await WriteStatusAsync(context, KubeJson.Status(400, "BadRequest", "invalid resourceVersion: '" + resourceVersion + "'"));
            return;
        }

        var pending = new List<LoggedEvent>();
        int cursor;
        bool expired;
        lock (_gate)
        {
            expired = from != 0 && from < CompactedRevision;
            if (initialEvents || from == 0)
            {
                // Unset or "0": the current state as synthetic ADDED events first (and, when asked, the end bookmark).
                pending.AddRange(_objects.Select(o => new LoggedEvent("ADDED", long.Parse((string)o.Value["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture), o.Key, (JsonObject)o.Value.DeepClone())));
                if (initialEvents)
                {
                    pending.Add(new LoggedEvent("BOOKMARK", _resourceVersion, string.Empty, KubeJson.BookmarkObject(_resourceVersion.ToString(CultureInfo.InvariantCulture), initialEventsEnd: true)));
                }
            }
            else if (!expired)
            {
                pending.AddRange(_log.Where(e => !e.IsBookmark && e.ResourceVersion > from));
            }

            cursor = _log.Count;
        }

        string tooOld = "too old resource version: " + from + " (" + CompactedRevision + ")";
        if (expired && ExpiredWatch == ExpiredWatchAnswer.HttpStatus)
        {
            await WriteStatusAsync(context, KubeJson.Status(410, "Expired", tooOld));
            return;
        }

        await ScriptedServer.StartStreamAsync(context);
        if (expired)
        {
            await ScriptedServer.WriteChunkAsync(context, KubeJson.Event("ERROR", KubeJson.Status(410, "Expired", tooOld)));
            return;
        }

        using var deadline = new CancellationTokenSource();
        if (timeout is { } t)
        {
            deadline.CancelAfter(t);
        }

        int sent = 0;
        while (!deadline.IsCancellationRequested)
        {
            foreach (LoggedEvent entry in pending)
            {
                if (entry.IsBookmark ? !bookmarks : !InScope(entry, @namespace, selector))
                {
                    continue;
                }

                await ScriptedServer.WriteChunkAsync(context, KubeJson.Event(entry.Type, entry.Object));
                sent++;
                if (sent == plan.EndAfterEvents)
                {
                    return;
                }

                if (sent == plan.AbortAfterEvents)
                {
                    if (plan.AbortWhen is { } when)
                    {
                        await when.WaitAsync(context.RequestAborted);
                    }

                    context.Abort();
                    return;
                }

                if (sent == plan.StallAfterEvents)
                {
                    await ScriptedServer.HoldOpenAsync(context);
                    return;
                }
            }

            pending.Clear();
            Task changed;
            lock (_gate)
            {
                pending.AddRange(_log.Skip(cursor));
                cursor = _log.Count;
                changed = _changed.Task;
            }

            if (pending.Count == 0)
            {
                try
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);
                    await changed.WaitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    context.RequestAborted.ThrowIfCancellationRequested();
                }
            }
        }
    }

    private static bool InScope(LoggedEvent entry, string? @namespace, Selector selector) =>
        (@namespace is null || entry.Key.StartsWith(@namespace + "/", StringComparison.Ordinal)) && selector.Matches(entry.Object);

    private static async Task WriteStatusAsync(HttpContext context, JsonObject status)
    {
        context.Response.StatusCode = (int)status["code"]!;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(status.ToJsonString(), context.RequestAborted);
    }

    /// <summary>Equality-based label selectors only: <c>a=b,c=d</c>.</summary>
    private sealed class Selector
    {
        private readonly List<KeyValuePair<string, string>> _terms = new();

        public static Selector Parse(string? text)
        {
            var selector = new Selector();
            foreach (string term in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string[] parts = term.Split('=', 2);
                selector._terms.Add(new KeyValuePair<string, string>(parts[0], parts.Length == 2 ? parts[1] : string.Empty));
            }

            return selector;
        }

        public bool Matches(JsonObject item) => _terms.All(t =>
            item["metadata"]?["labels"]?[t.Key] is JsonValue value && value.GetValue<string>() == t.Value);
    }

    /// <summary>An opaque token, like the API server's: base64 of {"v","rv","start"}.</summary>
    public static class ContinueToken
    {
        public static string Encode(string lastKey, long resourceVersion) => Convert.ToBase64String(Encoding.UTF8.GetBytes(
            new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = resourceVersion, ["start"] = lastKey + "\0" }.ToJsonString()));

        public static bool TryDecode(string token, out string lastKey, out long resourceVersion)
        {
            lastKey = string.Empty;
            resourceVersion = 0;
            try
            {
                JsonNode? node = JsonNode.Parse(Convert.FromBase64String(token));
                string start = (string)node!["start"]!;
                resourceVersion = (long)node["rv"]!;
                lastKey = start.TrimEnd('\0');
                return (string?)node["v"] == "meta.k8s.io/v1";
            }
            catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or NullReferenceException)
            {
                return false;
            }
        }
    }
}
