using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SliceClientGen.Runtime.Http;
using SliceClientGen.Watch.Tests.Kube;

namespace SliceClientGen.Watch.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and an ephemeral port that records every request and answers it with a
/// test-supplied handler. Handlers get <see cref="HttpContext.RequestAborted"/> linked to the server's
/// shutdown, so a handler that waits forever still lets <see cref="DisposeAsync"/> finish at once.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly RequestDelegate _handler;

    private ScriptedServer(RequestDelegate handler)
    {
        _handler = handler;
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(1));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>The server's address, such as <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>How many requests arrived so far.</summary>
    public int RequestCount => _requests.Count;

    /// <summary>Starts a server that answers every request with <paramref name="handler"/>.</summary>
    public static async Task<ScriptedServer> StartAsync(RequestDelegate handler)
    {
        var server = new ScriptedServer(handler);
        await server._app.StartAsync();
        server.BaseAddress = new Uri(server._app.Urls.Single() + "/");
        return server;
    }

    /// <summary>A generated client for this server, with fast retries so tests stay quick.</summary>
    public (EndpointSlicesClient Client, HttpClient Http) CreateClient()
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        var options = new ApiClientOptions { Timeout = TimeSpan.FromSeconds(10) };
        options.Retry.InitialDelay = TimeSpan.FromMilliseconds(5);
        return (new EndpointSlicesClient(http, options), http);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var recorded = new RecordedRequest(
            _requests.Count,
            context.Request.Path.Value ?? string.Empty,
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal));
        CancellationToken clientAborted = context.RequestAborted;
        using CancellationTokenRegistration aborted = clientAborted.Register(static state => ((RecordedRequest)state!).MarkAborted(), recorded);
        _requests.Enqueue(recorded);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(clientAborted, _stopping.Token);
        context.RequestAborted = linked.Token;
        try
        {
            await _handler(context);
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

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8) and flushes it: one chunk on the wire.</summary>
    public static Task WriteChunkAsync(HttpContext context, string text) => WriteChunkAsync(context, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes <paramref name="bytes"/> and flushes them: one chunk on the wire.</summary>
    public static async Task WriteChunkAsync(HttpContext context, ReadOnlyMemory<byte> bytes)
    {
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    /// <summary>Starts a 200 application/json response whose body will be streamed (chunked).</summary>
    public static async Task StartStreamAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(context.RequestAborted);
    }

    /// <summary>Waits until the client goes away or the server stops.</summary>
    public static async Task HoldOpenAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>One request as the server saw it.</summary>
public sealed class RecordedRequest
{
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RecordedRequest(int index, string path, string queryString, IReadOnlyDictionary<string, string> query)
    {
        Index = index;
        Path = path;
        QueryString = queryString;
        Query = query;
    }

    /// <summary>The request's position in arrival order.</summary>
    public int Index { get; }

    public string Path { get; }

    /// <summary>The raw query string, starting with '?', or empty.</summary>
    public string QueryString { get; }

    /// <summary>The decoded query parameters (repeated keys joined with ',').</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>Completes when the client aborted the request (RequestAborted fired).</summary>
    public Task Aborted => _aborted.Task;

    /// <summary>What the handler threw, other than the cancellation of a request the client abandoned.</summary>
    public Exception? Failure { get; internal set; }

    /// <summary>Completes when the handler returned.</summary>
    public Task Ended => _ended.Task;

    public string? this[string name] => Query.TryGetValue(name, out string? value) ? value : null;

    internal void MarkAborted() => _aborted.TrySetResult();

    internal void MarkEnded() => _ended.TrySetResult();

    public override string ToString() => Path + QueryString;
}
