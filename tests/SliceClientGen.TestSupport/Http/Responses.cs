using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SliceClientGen.TestSupport;

/// <summary>Scripted answers for <see cref="LoopbackServer"/>, and the pieces to write streamed ones.</summary>
public static class Responses
{
    /// <summary>200 with an EndpointSliceList without items (<see cref="KubeJson.EmptyList"/>).</summary>
    public static Task EmptyList(HttpContext context) => Json(200, KubeJson.EmptyList)(context);

    /// <summary>401 with the Kubernetes Status.</summary>
    public static Task Unauthorized(HttpContext context) => Json(401, KubeJson.Status(401, "Unauthorized", "Unauthorized"))(context);

    /// <summary>The empty list for a request that carries <c>Bearer</c> with one of <paramref name="accepted"/>, 401 for any other.</summary>
    public static Func<HttpContext, Task> AcceptTokens(params string[] accepted) =>
        context => accepted.Any(token => context.Request.Headers.Authorization.ToString() == "Bearer " + token) ? EmptyList(context) : Unauthorized(context);

    /// <summary>401 for <paramref name="rejected"/> bearer tokens, the empty list for any other.</summary>
    public static Func<HttpContext, Task> RejectTokens(params string[] rejected) =>
        context => rejected.Any(token => context.Request.Headers.Authorization.ToString() == "Bearer " + token) ? Unauthorized(context) : EmptyList(context);

    /// <summary>A status with a JSON body (Content-Length set).</summary>
    public static Func<HttpContext, Task> Json(int status, string json, string? reasonPhrase = null) =>
        Body(status, json, "application/json", reasonPhrase);

    /// <summary>A status with a body of the given media type (Content-Length set); an empty body sends no Content-Type.</summary>
    public static Func<HttpContext, Task> Body(int status, string body, string? contentType, string? reasonPhrase = null, Action<HttpResponse>? headers = null) =>
        async context =>
        {
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            if (reasonPhrase is not null)
            {
                context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = reasonPhrase;
            }

            if (contentType is not null)
            {
                context.Response.ContentType = contentType;
            }

            headers?.Invoke(context.Response);
            if (status != 204 && status != 304)
            {
                context.Response.ContentLength = bytes.Length;
                await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            }
        };

    /// <summary>A status without a body.</summary>
    public static Func<HttpContext, Task> Status(int status, Action<HttpResponse>? headers = null) =>
        context =>
        {
            context.Response.StatusCode = status;
            headers?.Invoke(context.Response);
            if (status != 204 && status != 304)
            {
                context.Response.ContentLength = 0;
            }

            return Task.CompletedTask;
        };

    /// <summary>A status with <c>Retry-After: seconds</c> and a Kubernetes Status body.</summary>
    public static Func<HttpContext, Task> RetryAfter(int status, int seconds) =>
        Body(status, KubeJson.Status(status, "TooManyRequests", "try again later"), "application/json", headers: r => r.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture));

    /// <summary>A chunked 200 whose parts are flushed one by one, <paramref name="pause"/> apart.</summary>
    public static Func<HttpContext, Task> Chunked(TimeSpan pause, params string[] parts) =>
        async context =>
        {
            await StartStreamAsync(context);
            foreach (string part in parts)
            {
                await WriteChunkAsync(context, part);
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, context.RequestAborted);
                }
            }
        };

    /// <summary>Drops the connection before any response byte is sent.</summary>
    public static Func<HttpContext, Task> Abort() =>
        context =>
        {
            context.Abort();
            return Task.CompletedTask;
        };

    /// <summary>
    /// Sends headers that promise <paramref name="declaredLength"/> bytes, sends <paramref name="partial"/>, and ends:
    /// Kestrel then closes the connection after the bytes written (a Content-Length mismatch), so the client
    /// reliably sees the headers and a body that ends early. (<c>HttpContext.Abort()</c> right after a flush
    /// can reset the connection before the client has read the headers.)
    /// </summary>
    public static Func<HttpContext, Task> CutShort(string partial, int declaredLength, int status = 200) =>
        async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = declaredLength;
            await WriteChunkAsync(context, partial);
        };

    /// <summary>
    /// Sends 200 headers and <paramref name="partial"/>, signals <paramref name="sent"/>, then waits (without
    /// ending the body) until the client goes away.
    /// </summary>
    public static Func<HttpContext, Task> Stall(string partial, TaskCompletionSource? sent = null, int? declaredLength = null, int status = 200) =>
        async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            if (declaredLength is { } length)
            {
                context.Response.ContentLength = length;
            }

            await WriteChunkAsync(context, partial);
            sent?.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        };

    /// <summary>Never answers: waits until the client goes away.</summary>
    public static Func<HttpContext, Task> Never() =>
        context => Task.Delay(Timeout.Infinite, context.RequestAborted);

    /// <summary>Waits <paramref name="delay"/>, then answers with <paramref name="then"/>.</summary>
    public static Func<HttpContext, Task> Delayed(TimeSpan delay, Func<HttpContext, Task> then) =>
        async context =>
        {
            await Task.Delay(delay, context.RequestAborted);
            await then(context);
        };

    /// <summary>Starts a 200 application/json response whose body will be streamed (chunked).</summary>
    public static async Task StartStreamAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(context.RequestAborted);
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8) and flushes it: one chunk on the wire.</summary>
    public static Task WriteChunkAsync(HttpContext context, string text) => WriteChunkAsync(context, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes <paramref name="bytes"/> and flushes them: one chunk on the wire.</summary>
    public static async Task WriteChunkAsync(HttpContext context, ReadOnlyMemory<byte> bytes)
    {
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
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

    /// <summary>The request as <see cref="LoopbackServer"/> recorded it (inside a handler).</summary>
    public static RecordedRequest Recorded(this HttpContext context) => (RecordedRequest)context.Items[typeof(RecordedRequest)]!;
}
