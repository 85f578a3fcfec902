using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Xunit;

namespace SliceClientGen.Http.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and an ephemeral port. It records each request exactly as it arrived
/// (method, raw target with its escaping, headers, body bytes) and answers with the test's handler.
/// </summary>
public sealed class TestApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<HttpContext, ReceivedRequest, Task> _handler;

    private TestApiServer(Func<HttpContext, ReceivedRequest, Task> handler)
    {
        _handler = handler;
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(1));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> Requests => _requests.ToArray();

    public ReceivedRequest SingleRequest => Assert.Single(Requests);

    public static Task<TestApiServer> StartAsync(Func<HttpContext, Task> handler) => StartAsync((context, _) => handler(context));

    public static async Task<TestApiServer> StartAsync(Func<HttpContext, ReceivedRequest, Task> handler)
    {
        var server = new TestApiServer(handler);
        await server._app.StartAsync();
        server.BaseAddress = new Uri(server._app.Urls.Single() + "/");
        return server;
    }

    /// <summary>A handler answering every request with <paramref name="status"/> and a body.</summary>
    public static Func<HttpContext, Task> Respond(int status, string body = "", string contentType = "application/json") => async context =>
    {
        context.Response.StatusCode = status;
        if (body.Length > 0)
        {
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body, context.RequestAborted);
        }
    };

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var received = new ReceivedRequest(
            context.Request.Method,
            context.Features.Get<IHttpRequestFeature>()!.RawTarget,
            context.Request.Path.Value ?? string.Empty,
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToArray(), StringComparer.Ordinal),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray());
        context.RequestAborted.Register(static state => ((ReceivedRequest)state!).MarkAborted(), received);
        _requests.Enqueue(received);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        context.RequestAborted = linked.Token;
        try
        {
            await _handler(context, received);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && linked.IsCancellationRequested)
        {
            // The client went away or the server is stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>One request exactly as the server received it.</summary>
public sealed class ReceivedRequest(string method, string rawTarget, string path, IReadOnlyDictionary<string, string?[]> query, IReadOnlyDictionary<string, string> headers, byte[] body)
{
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Method { get; } = method;

    /// <summary>The request target as sent on the wire: path and query with the client's escaping.</summary>
    public string RawTarget { get; } = rawTarget;

    /// <summary>The raw path (before '?').</summary>
    public string RawPath => RawTarget.Split('?')[0];

    /// <summary>The raw query string without '?', or empty.</summary>
    public string RawQuery => RawTarget.Contains('?', StringComparison.Ordinal) ? RawTarget[(RawTarget.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty;

    /// <summary>The path as ASP.NET Core decodes it.</summary>
    public string Path { get; } = path;

    public IReadOnlyDictionary<string, string?[]> Query { get; } = query;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public byte[] Body { get; } = body;

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

    public Task Aborted => _aborted.Task;

    internal void MarkAborted() => _aborted.TrySetResult();
}
