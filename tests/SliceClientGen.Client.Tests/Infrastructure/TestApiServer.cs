using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SliceClientGen.Client.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and an ephemeral port. Every request is recorded exactly as it arrived
/// (method, raw target as sent on the wire, headers, body bytes) before the scripted handler answers it.
/// Handlers are taken in order: the n-th request gets the n-th handler and the last one answers the rest.
/// </summary>
public sealed class TestApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly object _gate = new();
    private readonly List<Func<HttpContext, Task>> _handlers = new();
    private int _count;

    private TestApiServer(WebApplication app) => _app = app;

    /// <summary>The server's root, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The requests received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>The only request received; fails when there were none or several.</summary>
    public RecordedRequest Single => Assert.Single(Requests);

    /// <summary>Starts a server that answers every request with <paramref name="handlers"/> (in order; the last repeats).</summary>
    public static async Task<TestApiServer> StartAsync(params Func<HttpContext, Task>[] handlers)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null;
        });

        WebApplication app = builder.Build();
        var server = new TestApiServer(app);
        server.Respond(handlers.Length == 0 ? new[] { Responses.Json(200, "{}") } : handlers);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Replaces the script: the next request gets the first handler, and so on; the last repeats.</summary>
    public void Respond(params Func<HttpContext, Task>[] handlers)
    {
        lock (_gate)
        {
            _handlers.Clear();
            _handlers.AddRange(handlers);
            _count = 0;
        }
    }

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
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Func<HttpContext, Task> handler;
        lock (_gate)
        {
            handler = _handlers[Math.Min(_count, _handlers.Count - 1)];
            _count++;
        }

        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        context.RequestAborted.Register(() => aborted.TrySetResult());

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in context.Request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        string rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        int question = rawTarget.IndexOf('?');
        var recorded = new RecordedRequest(
            context.Request.Method,
            question < 0 ? rawTarget : rawTarget[..question],
            question < 0 ? string.Empty : rawTarget[question..],
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToArray(), StringComparer.Ordinal),
            headers,
            body.ToArray(),
            context.Connection.Id,
            aborted.Task);
        _requests.Enqueue(recorded);
        context.Items[typeof(RecordedRequest)] = recorded;

        try
        {
            await handler(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away while the handler waited: nothing left to answer.
        }
    }
}

/// <summary>One request exactly as it arrived.</summary>
/// <param name="Method">The method.</param>
/// <param name="RawPath">The path as sent on the wire (escapes kept), without the query.</param>
/// <param name="RawQuery">The query as sent on the wire, starting with <c>?</c>, or empty.</param>
/// <param name="Query">The query decoded by the server.</param>
/// <param name="Headers">The request headers (several values joined with a comma).</param>
/// <param name="Body">The body bytes.</param>
/// <param name="ConnectionId">The server's id of the connection that carried it.</param>
/// <param name="Aborted">Completes when the server sees the connection closed or the request aborted.</param>
public sealed record RecordedRequest(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyDictionary<string, string?[]> Query,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    string ConnectionId,
    Task Aborted)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>A header's value, or null when it was not sent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;
}
