using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace SliceClientGen.TestSupport;

/// <summary>
/// Faults between a client and a Kubernetes API server (SliceClientGen.Testing's embedded one, or any), where the
/// server itself has no switch for them: a server that ignores or refuses streaming lists, watches that cannot
/// connect, and live watch connections cut at a moment the test chooses. Also records every request's path and query.
/// Use it as the client's handler: <c>new HttpClient(new WireFaults(new SocketsHttpHandler()))</c>.
/// </summary>
public sealed class WireFaults : DelegatingHandler
{
    private readonly ConcurrentDictionary<CuttableStream, byte> _watches = new();
    private int _cuts;

    public WireFaults(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <summary>Strips sendInitialEvents and resourceVersionMatch, as a server that does not know them ignores them.</summary>
    public bool IgnoreStreamingList { get; set; }

    /// <summary>Answers 400 to a watch with sendInitialEvents, as a server that validates and refuses it does.</summary>
    public bool RefuseStreamingList { get; set; }

    /// <summary>Answers 503 to every watch request.</summary>
    public bool BlockWatches { get; set; }

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>
    /// Cuts every watch connection open or still opening (the client sees an IOException mid-stream): a watch whose
    /// request was sent before the cut and whose response arrives after it is cut as soon as it arrives, so a test that
    /// cuts right after the informer synced never races the informer's first watch request.
    /// </summary>
    public void CutWatches()
    {
        Interlocked.Increment(ref _cuts);
        foreach (CuttableStream stream in _watches.Keys)
        {
            stream.Cut();
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int cutsBefore = Volatile.Read(ref _cuts);
        string query = request.RequestUri!.Query;
        bool watch = query.Contains("watch=true", StringComparison.Ordinal);
        if (watch && IgnoreStreamingList)
        {
            var kept = query.TrimStart('?').Split('&').Where(p => !p.StartsWith("sendInitialEvents=", StringComparison.Ordinal) && !p.StartsWith("resourceVersionMatch=", StringComparison.Ordinal));
            request.RequestUri = new UriBuilder(request.RequestUri) { Query = string.Join("&", kept) }.Uri;
        }

        Requests.Enqueue(request.RequestUri.PathAndQuery);
        if (watch && RefuseStreamingList && query.Contains("sendInitialEvents=true", StringComparison.Ordinal))
        {
            return Status(HttpStatusCode.BadRequest, "BadRequest", "sendInitialEvents: Forbidden: not supported by this server", request);
        }

        if (watch && BlockWatches)
        {
            return Status(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "watches are blocked by the test", request);
        }

        HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
        if (!watch || !response.IsSuccessStatusCode)
        {
            return response;
        }

        var body = new CuttableStream(await response.Content.ReadAsStreamAsync(cancellationToken), this);
        _watches[body] = 0;
        if (Volatile.Read(ref _cuts) != cutsBefore)
        {
            // CutWatches ran while this watch was opening and may not have seen it.
            body.Cut();
        }

        ReadOnlyBodyStream.ReplaceBody(response, body);
        return response;
    }

    private static HttpResponseMessage Status(HttpStatusCode code, string reason, string message, HttpRequestMessage request) => new(code)
    {
        RequestMessage = request,
        Content = new StringContent(
            $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"{{message}}","reason":"{{reason}}","code":{{(int)code}}}""",
            Encoding.UTF8,
            "application/json"),
    };

    private sealed class CuttableStream(Stream inner, WireFaults owner) : ReadOnlyBodyStream(inner)
    {
        private readonly CancellationTokenSource _cut = new();

        public void Cut() => _cut.Cancel();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cut.Token);
            try
            {
                return await Inner.ReadAsync(buffer, linked.Token);
            }
            catch (OperationCanceledException) when (_cut.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new IOException("The test cut the watch connection.");
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                owner._watches.TryRemove(this, out _);
                _cut.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
