using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SliceClientGen.TestSupport.Load;

/// <summary>What a <see cref="WatchLoad"/> run does.</summary>
public sealed record WatchLoadOptions
{
    /// <summary>Concurrent watches, each with its own label selector (equality, set-based <c>in</c> or <c>notin</c>).</summary>
    public int Watchers { get; init; } = 200;

    /// <summary>Services (<c>kubernetes.io/service-name</c> values) the slices are spread over.</summary>
    public int Services { get; init; } = 20;

    /// <summary>Concurrent writers; each creates, merge-patches and deletes its own slices over HTTP.</summary>
    public int Writers { get; init; } = 2;

    /// <summary>Slices each writer cycles through.</summary>
    public int NamesPerWriter { get; init; } = 60;

    /// <summary>Stop after this many changes in all (a bounded run), or null to write for <see cref="Duration"/>.</summary>
    public int? Changes { get; init; }

    /// <summary>How long to write when <see cref="Changes"/> is null.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Changes per second of all writers together; 0 writes as fast as the server answers.</summary>
    public double ChangesPerSecond { get; init; }

    /// <summary>The <c>limit</c> of the paged lists that run while the writers write.</summary>
    public int ListPageSize { get; init; } = 50;

    /// <summary>The namespace written to (empty before the run).</summary>
    public string Namespace { get; init; } = "load";

    /// <summary>Called after every write (a test advances a fake clock here, so history is compacted as it goes).</summary>
    public Action? AfterWrite { get; init; }
}

/// <summary>What a run saw: the changes made, what the watchers received against what they should have, list latencies.</summary>
/// <param name="Changes">Changes the writers made (the end markers not counted).</param>
/// <param name="WriteTime">How long the writers wrote.</param>
/// <param name="EventsReceived">Events all watchers received, bookmarks not counted.</param>
/// <param name="Lost">Expected events some watcher never received.</param>
/// <param name="Duplicated">Events a watcher received more than once.</param>
/// <param name="OutOfOrder">Events whose resourceVersion was not above the one before at the same watcher.</param>
/// <param name="Unexpected">Events a watcher received that its selector does not match.</param>
/// <param name="Reconnects">Watches resumed from their last resourceVersion after the server ended them.</param>
/// <param name="ListPages">Latency of every page of the paged lists.</param>
/// <param name="Problems">What went wrong, in words (the first few of each kind).</param>
public sealed record WatchLoadReport(
    int Changes,
    TimeSpan WriteTime,
    long EventsReceived,
    int Lost,
    int Duplicated,
    int OutOfOrder,
    int Unexpected,
    int Reconnects,
    IReadOnlyList<TimeSpan> ListPages,
    IReadOnlyList<string> Problems)
{
    /// <summary>The latency below which <paramref name="fraction"/> of the list pages were answered (nearest rank).</summary>
    public TimeSpan ListPercentile(double fraction)
    {
        if (ListPages.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var sorted = ListPages.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>
/// Many watchers with different label selectors against an API server (the embedded one, over loopback) while writers
/// create, change and delete EndpointSlices over HTTP and paged lists run in between. Each watcher must receive every
/// change its selector matches exactly once, in resourceVersion order: a watch the server ends is resumed from the
/// last resourceVersion seen, as a reflector does. The run ends by itself: after the writes, one marker slice per
/// service is created, and a watcher stops when it has seen the markers of its services.
/// </summary>
public static class WatchLoad
{
    private const string ServiceLabel = "kubernetes.io/service-name";

    private sealed record Change(string Type, string Name, string Service, long Version);

    /// <summary>Runs the load against the server <paramref name="http"/> is pointed at (BaseAddress and credentials set).</summary>
    public static async Task<WatchLoadReport> RunAsync(HttpClient http, WatchLoadOptions options, CancellationToken cancellationToken)
    {
        string collection = $"apis/discovery.k8s.io/v1/namespaces/{options.Namespace}/endpointslices";
        long from = await CurrentVersionAsync(http, collection, cancellationToken);
        int reconnects = 0;
        var problems = new ConcurrentQueue<string>();
        using var connected = new CountdownEvent(options.Watchers);
        var watchers = new List<Task<List<Change>>>(options.Watchers);
        for (int i = 0; i < options.Watchers; i++)
        {
            string[] services = Selected(i, options.Services);
            string selector = Selector(i, options.Services);
            watchers.Add(Task.Run(() => WatchAsync(http, collection, selector, services, from, connected, () => Interlocked.Increment(ref reconnects), cancellationToken), cancellationToken));
        }

        await Task.Run(() => connected.Wait(cancellationToken), cancellationToken);

        var written = new ConcurrentQueue<Change>();
        var listPages = new ConcurrentQueue<TimeSpan>();
        var clock = Stopwatch.StartNew();
        int budget = options.Changes ?? int.MaxValue;
        using var writing = new CancellationTokenSource();
        Task[] writers = Enumerable.Range(0, options.Writers)
            .Select(w => Task.Run(() => WriteAsync(http, collection, options, w, clock, () => Interlocked.Decrement(ref budget) >= 0, written, cancellationToken), cancellationToken))
            .ToArray();
        Task lister = Task.Run(() => ListAsync(http, collection, options.ListPageSize, listPages, problems, writing.Token, cancellationToken), cancellationToken);
        await Task.WhenAll(writers);
        TimeSpan writeTime = clock.Elapsed;
        await writing.CancelAsync();
        await lister;

        int changes = written.Count;
        for (int s = 0; s < options.Services; s++)
        {
            written.Enqueue(await SendAsync(http, HttpMethod.Post, collection, Slice(options.Namespace, "marker-" + s, "svc-" + s, "10.255.0.1"), "ADDED", cancellationToken));
        }

        List<Change>[] received = await Task.WhenAll(watchers);
        return Compare(options, changes, writeTime, written.OrderBy(c => c.Version).ToList(), received, reconnects, listPages.ToList(), problems);
    }

    /// <summary>Watcher i's services: one, or two for every fifth (set-based), or all but one for every fortieth (notin).</summary>
    private static string[] Selected(int i, int services)
    {
        if (i % 40 == 7)
        {
            return Enumerable.Range(0, services).Where(s => s != i % services).Select(s => "svc-" + s).ToArray();
        }

        return i % 5 == 0 ? new[] { "svc-" + (i % services), "svc-" + ((i + 1) % services) } : new[] { "svc-" + (i % services) };
    }

    private static string Selector(int i, int services) =>
        i % 40 == 7 ? $"{ServiceLabel} notin (svc-{i % services})"
        : i % 5 == 0 ? $"{ServiceLabel} in (svc-{i % services},svc-{(i + 1) % services})"
        : $"{ServiceLabel}=svc-{i % services}";

    private static async Task<long> CurrentVersionAsync(HttpClient http, string collection, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await http.GetAsync(collection + "?limit=1", cancellationToken);
        response.EnsureSuccessStatusCode();
        JsonNode list = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        return long.Parse(list["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<Change>> WatchAsync(HttpClient http, string collection, string selector, string[] services, long from, CountdownEvent connected, Action reconnected, CancellationToken cancellationToken)
    {
        var events = new List<Change>();
        var markers = new HashSet<string>(StringComparer.Ordinal);
        long version = from;
        bool first = true;
        while (true)
        {
            string path = $"{collection}?watch=true&resourceVersion={version}&labelSelector={Uri.EscapeDataString(selector)}";
            using HttpResponseMessage response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (first)
            {
                connected.Signal();
                first = false;
            }
            else
            {
                reconnected();
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"watch {selector} from {version}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                using JsonDocument document = JsonDocument.Parse(line);
                string type = document.RootElement.GetProperty("type").GetString()!;
                JsonElement obj = document.RootElement.GetProperty("object");
                if (type == "ERROR")
                {
                    throw new InvalidOperationException($"watch {selector} from {version}: {obj}");
                }

                JsonElement metadata = obj.GetProperty("metadata");
                version = long.Parse(metadata.GetProperty("resourceVersion").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                if (type == "BOOKMARK")
                {
                    continue;
                }

                string name = metadata.GetProperty("name").GetString()!;
                string service = metadata.GetProperty("labels").GetProperty(ServiceLabel).GetString()!;
                events.Add(new Change(type, name, service, version));
                if (name.StartsWith("marker-", StringComparison.Ordinal) && markers.Add(service) && markers.Count == services.Length)
                {
                    return events;
                }
            }
        }
    }

    private static async Task WriteAsync(HttpClient http, string collection, WatchLoadOptions options, int writer, Stopwatch clock, Func<bool> more, ConcurrentQueue<Change> written, CancellationToken cancellationToken)
    {
        double perWriter = options.ChangesPerSecond / options.Writers;
        bool[] live = new bool[options.NamesPerWriter];
        for (int n = 0; options.Changes is not null || clock.Elapsed < options.Duration; n++)
        {
            if (!more())
            {
                return;
            }

            int k = n % options.NamesPerWriter;
            string name = $"w{writer}-{k}";
            string service = "svc-" + (k % options.Services);
            string address = $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
            Change change;
            if (!live[k])
            {
                change = await SendAsync(http, HttpMethod.Post, collection, Slice(options.Namespace, name, service, address), "ADDED", cancellationToken);
                live[k] = true;
            }
            else if (n / options.NamesPerWriter % 4 == 3)
            {
                change = await SendAsync(http, HttpMethod.Delete, collection + "/" + name, null, "DELETED", cancellationToken);
                live[k] = false;
            }
            else
            {
                var patch = new JsonObject { ["endpoints"] = new JsonArray(Endpoint(address)) };
                change = await SendAsync(http, HttpMethod.Patch, collection + "/" + name, patch, "MODIFIED", cancellationToken);
            }

            written.Enqueue(change);
            options.AfterWrite?.Invoke();
            if (perWriter > 0 && TimeSpan.FromSeconds((n + 1) / perWriter) - clock.Elapsed is { Ticks: > 0 } ahead)
            {
                await Task.Delay(ahead, cancellationToken);
            }
        }
    }

    /// <summary>Paged lists until the writers are done; each page's latency, and that all pages of a list share its resourceVersion.</summary>
    private static async Task ListAsync(HttpClient http, string collection, int pageSize, ConcurrentQueue<TimeSpan> pages, ConcurrentQueue<string> problems, CancellationToken stop, CancellationToken cancellationToken)
    {
        while (!stop.IsCancellationRequested)
        {
            string? next = null;
            string? version = null;
            do
            {
                long started = Stopwatch.GetTimestamp();
                using HttpResponseMessage response = await http.GetAsync($"{collection}?limit={pageSize}" + (next is null ? string.Empty : "&continue=" + Uri.EscapeDataString(next)), cancellationToken);
                string body = await response.Content.ReadAsStringAsync(cancellationToken);
                pages.Enqueue(Stopwatch.GetElapsedTime(started));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    problems.Enqueue($"list page: {(int)response.StatusCode} {body}");
                    break;
                }

                JsonNode metadata = JsonNode.Parse(body)!["metadata"]!;
                string pageVersion = metadata["resourceVersion"]!.GetValue<string>();
                if (version is not null && pageVersion != version)
                {
                    problems.Enqueue($"list pages of one list at resourceVersions {version} and {pageVersion}");
                }

                version = pageVersion;
                next = metadata["continue"]?.GetValue<string>();
            }
            while (!string.IsNullOrEmpty(next));
        }
    }

    private static async Task<Change> SendAsync(HttpClient http, HttpMethod method, string path, JsonNode? body, string type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json");
        }

        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        }

        JsonNode metadata = JsonNode.Parse(text)!["metadata"]!;
        return new Change(
            type,
            metadata["name"]!.GetValue<string>(),
            metadata["labels"]![ServiceLabel]!.GetValue<string>(),
            long.Parse(metadata["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static JsonObject Endpoint(string address) => new()
    {
        ["addresses"] = new JsonArray(JsonValue.Create(address)),
        ["conditions"] = new JsonObject { ["ready"] = true },
    };

    private static JsonObject Slice(string @namespace, string name, string service, string address) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace, ["labels"] = new JsonObject { [ServiceLabel] = service } },
        ["addressType"] = "IPv4",
        ["endpoints"] = new JsonArray(Endpoint(address)),
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["protocol"] = "TCP", ["port"] = 8080 }),
    };

    private static WatchLoadReport Compare(WatchLoadOptions options, int changes, TimeSpan writeTime, List<Change> ordered, List<Change>[] received, int reconnects, List<TimeSpan> listPages, ConcurrentQueue<string> problems)
    {
        int lost = 0, duplicated = 0, outOfOrder = 0, unexpected = 0;
        long events = 0;
        for (int i = 0; i < received.Length; i++)
        {
            var selected = new HashSet<string>(Selected(i, options.Services), StringComparer.Ordinal);
            List<Change> got = received[i];
            events += got.Count;
            var expected = ordered.Where(c => selected.Contains(c.Service)).ToList();
            if (got.SequenceEqual(expected))
            {
                continue;
            }

            var gotVersions = new HashSet<long>(got.Select(c => c.Version));
            int missing = expected.Count(c => !gotVersions.Contains(c.Version));
            int repeats = got.Count - gotVersions.Count;
            int misordered = got.Where((c, index) => index > 0 && c.Version <= got[index - 1].Version).Count();
            int foreign = got.Count(c => !selected.Contains(c.Service));
            lost += missing;
            duplicated += repeats;
            outOfOrder += misordered;
            unexpected += foreign;
            if (problems.Count < 20)
            {
                problems.Enqueue($"watcher {i} ({Selector(i, options.Services)}): {got.Count} events, {expected.Count} expected; {missing} lost, {repeats} repeated, {misordered} out of order, {foreign} not selected");
            }
        }

        return new WatchLoadReport(changes, writeTime, events, lost, duplicated, outOfOrder, unexpected, reconnects, listPages, problems.ToList());
    }
}
