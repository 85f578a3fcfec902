using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SliceClientGen.TestSupport;

/// <summary>
/// The tests' one scripted HTTP server: a real Kestrel server on 127.0.0.1 and an ephemeral port, plain HTTP or HTTPS
/// with a certificate the test chooses (and may swap while running), optionally requiring a client certificate that
/// chains to a CA the test chooses (custom root trust and clientAuth, never the machine's store, as the API server
/// checks). Every request is recorded exactly as it arrived (<see cref="RecordedRequest"/>) before a handler answers.
/// Handlers are taken in order: the n-th request gets the n-th handler and the last one answers the rest. A handler's
/// <see cref="HttpContext.RequestAborted"/> also fires when the server stops, so one that waits forever never holds up
/// <see cref="DisposeAsync"/>.
/// </summary>
/// <remarks>
/// For a server with Kubernetes semantics (list, watch, writes, faults) use <c>SliceClientGen.Testing.KubeApiServer</c>;
/// this one is for exact bytes, broken answers and TLS details.
/// </remarks>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private readonly List<Func<HttpContext, Task>> _handlers = new();
    private readonly ConcurrentDictionary<string, bool> _refusedClients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _closedConnections = new(StringComparer.Ordinal);
    private readonly bool _closeConnections;
    private WebApplication _app = null!;
    private X509Certificate2? _certificate;
    private int _count;

    private LoopbackServer(TestCertificate? certificate, bool closeConnections)
    {
        _certificate = certificate?.ForServer();
        _closeConnections = closeConnections;
    }

    /// <summary>The server's root, <c>http://127.0.0.1:port/</c> (or https).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The port Kestrel got.</summary>
    public int Port => BaseAddress.Port;

    /// <summary>The requests received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>The only request received; throws when there were none or several.</summary>
    public RecordedRequest Single => Requests.Count == 1 ? Requests[0] : throw new InvalidOperationException($"Expected exactly one request, got {Requests.Count}: {string.Join(", ", Requests)}");

    /// <summary>
    /// Completes once the server has received <paramref name="count"/> requests: a test that cancels or expires a call
    /// before that would test nothing on a loaded machine. Bound it with <c>Within</c>.
    /// </summary>
    public async Task WaitForRequestsAsync(int count = 1)
    {
        while (_requests.Count < count)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <summary>Starts a plain HTTP server that answers with <paramref name="handlers"/> (in order; the last repeats; by default an empty EndpointSliceList).</summary>
    public static Task<LoopbackServer> StartAsync(params Func<HttpContext, Task>[] handlers) => StartAsync(new LoopbackServerOptions(), handlers);

    /// <summary>
    /// Starts an HTTPS server presenting <paramref name="certificate"/>. With <paramref name="clientCertificateAuthority"/>,
    /// a client certificate is required and accepted only when it chains to that CA.
    /// </summary>
    public static Task<LoopbackServer> StartHttpsAsync(TestCertificate certificate, TestCertificate? clientCertificateAuthority = null, params Func<HttpContext, Task>[] handlers) =>
        StartAsync(new LoopbackServerOptions { Certificate = certificate, ClientCertificateAuthority = clientCertificateAuthority }, handlers);

    /// <summary>Starts a server with <paramref name="options"/> that answers with <paramref name="handlers"/>.</summary>
    public static async Task<LoopbackServer> StartAsync(LoopbackServerOptions options, params Func<HttpContext, Task>[] handlers)
    {
        var server = new LoopbackServer(options.Certificate, options.CloseConnections);
        server.Respond(handlers.Length == 0 ? new[] { Responses.EmptyList } : handlers);
        X509Certificate2? clientCa = options.ClientCertificateAuthority?.Certificate;
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            if (options.MaxStreamsPerConnection is { } streams)
            {
                kestrel.Limits.Http2.MaxStreamsPerConnection = streams;
            }

            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Use(next => async connection =>
                {
                    try
                    {
                        await next(connection);
                    }
                    finally
                    {
                        server.Closed(connection.ConnectionId).TrySetResult();
                    }
                });
                if (options.Http1Only)
                {
                    listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1;
                }

                if (options.Certificate is null)
                {
                    return;
                }

                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificateSelector = (_, _) => Volatile.Read(ref server._certificate),
                    CheckCertificateRevocation = false,
                    ClientCertificateMode = clientCa is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
                    ClientCertificateValidation = (client, _, _) => clientCa is not null && !server._refusedClients.ContainsKey(client?.Subject ?? string.Empty) && ChainsTo(client, clientCa),
                });
            });
        });

        server._app = builder.Build();
        server._app.Run(server.HandleAsync);
        await server._app.StartAsync();
        string address = server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Replaces the script: the next request gets the first handler, and so on; the last repeats.</summary>
    public void Respond(params Func<HttpContext, Task>[] handlers)
    {
        ArgumentOutOfRangeException.ThrowIfZero(handlers.Length);
        lock (_gate)
        {
            _handlers.Clear();
            _handlers.AddRange(handlers);
            _count = 0;
        }
    }

    /// <summary>Serves <paramref name="certificate"/> from now on (new connections get it).</summary>
    public void UseCertificate(TestCertificate certificate) => Volatile.Write(ref _certificate, certificate.ForServer());

    /// <summary>Refuses the client certificate <paramref name="certificate"/> in handshakes from now on (as a server that revoked it); connections already open stay.</summary>
    public void RefuseClientCertificate(TestCertificate certificate) => _refusedClients[certificate.Subject] = true;

    /// <summary>Completes when the connection with this id (<see cref="RecordedRequest.ConnectionId"/>) has closed.</summary>
    public Task ConnectionClosed(string connectionId) => Closed(connectionId).Task;

    /// <summary>A URI on this server (for base addresses with a path prefix).</summary>
    public Uri At(string relative) => new(BaseAddress, relative);

    /// <summary>An HttpClient with its own connection pool and <see cref="HttpClient.BaseAddress"/> set to this server.</summary>
    public HttpClient CreateHttpClient(bool withBaseAddress = true) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = withBaseAddress ? BaseAddress : null,
            Timeout = Timeout.InfiniteTimeSpan,
        };

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private TaskCompletionSource Closed(string connectionId) =>
        _closedConnections.GetOrAdd(connectionId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static bool ChainsTo(X509Certificate2? client, X509Certificate2 authority)
    {
        if (client is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(client);
    }

    private async Task HandleAsync(HttpContext context)
    {
        Func<HttpContext, Task> handler;
        int index;
        lock (_gate)
        {
            index = _count;
            handler = _handlers[Math.Min(_count, _handlers.Count - 1)];
            _count++;
        }

        CancellationToken clientAborted = context.RequestAborted;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(clientAborted, _stopping.Token);
        var body = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(body, linked.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The client went away while sending the body: recorded with what arrived.
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in context.Request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        string rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        int question = rawTarget.IndexOf('?');
        X509Certificate2? client = context.Connection.ClientCertificate;
        var recorded = new RecordedRequest(
            _requests.Count,
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            question < 0 ? rawTarget : rawTarget[..question],
            question < 0 ? string.Empty : rawTarget[question..],
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToArray(), StringComparer.Ordinal),
            headers,
            body.ToArray(),
            context.Connection.Id,
            context.Request.Protocol,
            client?.Subject,
            client?.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        using CancellationTokenRegistration aborted = clientAborted.Register(static state => ((RecordedRequest)state!).MarkAborted(), recorded);
        _requests.Enqueue(recorded);
        context.Items[typeof(RecordedRequest)] = recorded;
        context.RequestAborted = linked.Token;
        if (_closeConnections)
        {
            // HTTP/1.1: Connection: close. HTTP/2: GOAWAY once the streams already open have ended.
            if (HttpProtocol.IsHttp11(context.Request.Protocol))
            {
                context.Response.Headers.Connection = "close";
            }

            context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        }

        try
        {
            await handler(context);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && linked.IsCancellationRequested)
        {
            // The client went away or the server is stopping: nothing left to answer.
        }
        catch (Exception e)
        {
            recorded.Failure = e;
            throw;
        }
        finally
        {
            // The handler may finish inside the abort's callbacks, before the registration above has run.
            if (clientAborted.IsCancellationRequested)
            {
                recorded.MarkAborted();
            }

            recorded.MarkEnded();
        }
    }
}

/// <summary>How a <see cref="LoopbackServer"/> listens.</summary>
public sealed class LoopbackServerOptions
{
    /// <summary>The server certificate: HTTPS when set, plain HTTP otherwise.</summary>
    public TestCertificate? Certificate { get; init; }

    /// <summary>When set, a client certificate that chains to this CA is required.</summary>
    public TestCertificate? ClientCertificateAuthority { get; init; }

    /// <summary>How many HTTP/2 requests one connection carries at a time (Kestrel's default: 100).</summary>
    public int? MaxStreamsPerConnection { get; init; }

    /// <summary>
    /// Closes every connection after its request (HTTP/1.1 <c>Connection: close</c>, HTTP/2 GOAWAY), so every request
    /// that does not overlap another uses a new connection (a new TLS handshake).
    /// </summary>
    public bool CloseConnections { get; init; }

    /// <summary>Offers HTTP/1.1 only (no <c>h2</c> in ALPN), as a server without HTTP/2.</summary>
    public bool Http1Only { get; init; }
}

/// <summary>One request exactly as it arrived.</summary>
public sealed class RecordedRequest
{
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RecordedRequest(
        int index,
        string method,
        string path,
        string rawPath,
        string rawQuery,
        IReadOnlyDictionary<string, string?[]> query,
        IReadOnlyDictionary<string, string> headers,
        byte[] body,
        string connectionId,
        string protocol,
        string? clientCertificate,
        string? clientCertificateName)
    {
        Index = index;
        Method = method;
        Path = path;
        RawPath = rawPath;
        RawQuery = rawQuery;
        Query = query;
        Headers = headers;
        Body = body;
        ConnectionId = connectionId;
        Protocol = protocol;
        ClientCertificate = clientCertificate;
        ClientCertificateName = clientCertificateName;
    }

    /// <summary>The request's position in arrival order (since the last <see cref="LoopbackServer.Respond"/>: the handler it got).</summary>
    public int Index { get; }

    /// <summary>The method.</summary>
    public string Method { get; }

    /// <summary>The decoded path.</summary>
    public string Path { get; }

    /// <summary>The path as sent on the wire (escapes kept), without the query.</summary>
    public string RawPath { get; }

    /// <summary>The query as sent on the wire, starting with <c>?</c>, or empty.</summary>
    public string RawQuery { get; }

    /// <summary>The query decoded by the server, every value of a repeated parameter.</summary>
    public IReadOnlyDictionary<string, string?[]> Query { get; }

    /// <summary>The request headers (several values joined with a comma).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body bytes.</summary>
    public byte[] Body { get; }

    /// <summary>The server's id of the connection that carried it.</summary>
    public string ConnectionId { get; }

    /// <summary>The HTTP version it came in: <c>HTTP/1.1</c>, <c>HTTP/2</c>.</summary>
    public string Protocol { get; }

    /// <summary>The subject of the connection's client certificate (<c>CN=client-rsa, O=system:masters</c>), or null.</summary>
    public string? ClientCertificate { get; }

    /// <summary>The common name of the connection's client certificate (<c>client-rsa</c>), or null.</summary>
    public string? ClientCertificateName { get; }

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>The Authorization header, or null.</summary>
    public string? Authorization => Header("Authorization");

    /// <summary>The Host header.</summary>
    public string Host => Header("Host") ?? string.Empty;

    /// <summary>Completes when the server sees the connection closed or the request aborted by the client.</summary>
    public Task Aborted => _aborted.Task;

    /// <summary>Completes when the handler returned.</summary>
    public Task Ended => _ended.Task;

    /// <summary>What the handler threw, other than the cancellation of a request the client abandoned.</summary>
    public Exception? Failure { get; internal set; }

    /// <summary>A query parameter's values joined with a comma, or null when it was not sent.</summary>
    public string? this[string name] => Query.TryGetValue(name, out string?[]? values) ? string.Join(",", values) : null;

    /// <summary>A header's value, or null when it was not sent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

    public override string ToString() => Method + " " + RawPath + RawQuery;

    internal void MarkAborted() => _aborted.TrySetResult();

    internal void MarkEnded() => _ended.TrySetResult();
}
