using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SliceClientGen.Client.Tests.Infrastructure;

/// <summary>Scripted answers for <see cref="TestApiServer"/>.</summary>
public static class Responses
{
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
        Body(status, KubeJson.Status(status, "TooManyRequests", "try again later"), "application/json", headers: r => r.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A chunked 200 whose parts are flushed one by one, <paramref name="pause"/> apart.</summary>
    public static Func<HttpContext, Task> Chunked(TimeSpan pause, params string[] parts) =>
        async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            foreach (string part in parts)
            {
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(part), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
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
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(partial), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
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

            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(partial), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
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
}
