using System;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Serialization;

namespace SliceClientGen.Runtime.Http;

/// <summary>
/// Sends the <see cref="ApiRequest"/>s of a generated client over an <see cref="HttpClient"/>: resolves the
/// base address, streams response bodies (headers first, never the body as a string), retries idempotent
/// requests, enforces <see cref="ApiClientOptions.Timeout"/>, disposes every response and turns failures
/// into <see cref="ApiException"/>.
/// </summary>
public sealed class ApiPipeline
{
    private readonly Uri? _defaultServer;

    /// <summary>Creates the pipeline a generated client uses.</summary>
    /// <param name="httpClient">The client that sends requests; its handlers (auth, logging, resilience) apply.</param>
    /// <param name="options">Settings; null for the defaults. The instance is copied: later changes do not apply.</param>
    /// <param name="defaultServer">The document's first server URL, used when no base address is configured.</param>
    public ApiPipeline(HttpClient httpClient, ApiClientOptions? options, string? defaultServer)
    {
        HttpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        Options = (options ?? new ApiClientOptions()).Validate();
        if (!string.IsNullOrEmpty(defaultServer) && Uri.TryCreate(defaultServer, UriKind.Absolute, out Uri? server))
        {
            _defaultServer = server;
        }
    }

    /// <summary>The HttpClient requests go through.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>The validated settings.</summary>
    public ApiClientOptions Options { get; }

    /// <summary>The base address requests use now: the HttpClient's, else the options', else the document's server.</summary>
    /// <exception cref="InvalidOperationException">None is set and the document has no absolute server URL.</exception>
    public Uri BaseAddress => HttpClient.BaseAddress ?? Options.BaseAddress ?? _defaultServer
        ?? throw new InvalidOperationException("No base address: set HttpClient.BaseAddress or ApiClientOptions.BaseAddress (the OpenAPI document declares no absolute server URL).");

    /// <summary>Sends the request and reads the declared success body.</summary>
    /// <typeparam name="T">The declared 2xx body type.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="read">The generated reader for the body.</param>
    /// <param name="errors">The declared error bodies.</param>
    /// <param name="cancellationToken">Cancels the call; the connection is released.</param>
    /// <returns>The parsed body.</returns>
    /// <exception cref="ApiException">A non-success status, or a body that is empty or not the declared JSON.</exception>
    public async Task<T> SendAsync<T>(ApiRequest request, JsonValueReader<T> read, ApiErrorBodies errors, CancellationToken cancellationToken)
    {
        if (read is null)
        {
            throw new ArgumentNullException(nameof(read));
        }

        using Deadline? deadline = Deadline.Start(Options, cancellationToken, out CancellationToken token);
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                (HttpResponseMessage sent, attempt) = await SendCoreAsync(request, errors, attempt, token).ConfigureAwait(false);
                using HttpResponseMessage response = sent;
                try
                {
                    using Stream body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
                    (bool hasValue, T? value) = await JsonResponseReader.ReadAsync(body, read, token).ConfigureAwait(false);
                    if (!hasValue || value is null)
                    {
                        throw ResponseError(request, response, (hasValue ? "a JSON null" : "an empty body") + " where the document declares " + typeof(T).Name, null);
                    }

                    return value;
                }
                catch (System.Text.Json.JsonException e)
                {
                    throw ResponseError(request, response, "a body that is not the declared " + typeof(T).Name + " JSON: " + e.Message, e);
                }
                catch (Exception e) when (IsDroppedConnection(e) && !token.IsCancellationRequested)
                {
                    if (!await DelayBeforeRetryAsync(request, attempt, null, e, null, token).ConfigureAwait(false))
                    {
                        throw ResponseError(request, response, "a connection that dropped while the body was read", e);
                    }
                }
            }
        }
        catch (OperationCanceledException e) when (deadline is not null && deadline.Expired && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(request, e);
        }
    }

    /// <summary>Sends a request whose success response has no declared body; any body is discarded.</summary>
    /// <param name="request">The request.</param>
    /// <param name="errors">The declared error bodies.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server has answered with success.</returns>
    /// <exception cref="ApiException">A non-success status.</exception>
    public async Task SendAsync(ApiRequest request, ApiErrorBodies errors, CancellationToken cancellationToken)
    {
        using Deadline? deadline = Deadline.Start(Options, cancellationToken, out CancellationToken token);
        try
        {
            (HttpResponseMessage response, _) = await SendCoreAsync(request, errors, 0, token).ConfigureAwait(false);
            response.Dispose();
        }
        catch (OperationCanceledException e) when (deadline is not null && deadline.Expired && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(request, e);
        }
    }

    /// <summary>
    /// Sends the request and returns the success response as soon as its headers arrive, for bodies read
    /// incrementally (watch streams). <see cref="ApiClientOptions.Timeout"/> covers only the wait for headers.
    /// The caller disposes the response.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="errors">The declared error bodies.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response, status 2xx.</returns>
    /// <exception cref="ApiException">A non-success status.</exception>
    public async Task<HttpResponseMessage> SendStreamingAsync(ApiRequest request, ApiErrorBodies errors, CancellationToken cancellationToken)
    {
        using Deadline? deadline = Deadline.Start(Options, cancellationToken, out CancellationToken token);
        try
        {
            return (await SendCoreAsync(request, errors, 0, token).ConfigureAwait(false)).Response;
        }
        catch (OperationCanceledException e) when (deadline is not null && deadline.Expired && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(request, e);
        }
    }

    /// <summary>Sends with retries until a success response (returned, undisposed, with the attempt that got it) or a final failure (thrown).</summary>
    private async Task<(HttpResponseMessage Response, int Attempt)> SendCoreAsync(ApiRequest request, ApiErrorBodies errors, int firstAttempt, CancellationToken cancellationToken)
    {
        for (int attempt = firstAttempt; ; attempt++)
        {
            HttpResponseMessage response;
            using (HttpRequestMessage message = request.CreateMessage(BaseAddress))
            {
                try
                {
                    response = await HttpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException e) when (IsDroppedConnection(e) && !cancellationToken.IsCancellationRequested)
                {
                    if (await DelayBeforeRetryAsync(request, attempt, null, e, null, cancellationToken).ConfigureAwait(false))
                    {
                        continue;
                    }

                    throw;
                }
            }

            if (response.IsSuccessStatusCode)
            {
                return (response, attempt);
            }

            using (response)
            {
                int status = (int)response.StatusCode;
                TimeSpan? retryAfter = ApiErrorReader.RetryAfter(response, Options.TimeProvider);
                if (Options.Retry.StatusCodes.Contains(status)
                    && (retryAfter is null || retryAfter <= Options.Retry.MaxRetryAfter)
                    && await DelayBeforeRetryAsync(request, attempt, status, null, retryAfter, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                throw await ApiErrorReader.ReadAsync(request, response, errors, Options, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits before a retry when one is allowed; false when the request must not be retried.</summary>
    private async Task<bool> DelayBeforeRetryAsync(ApiRequest request, int attempt, int? status, Exception? exception, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        ApiRetryOptions retry = Options.Retry;
        if (!retry.Enabled || !request.IsIdempotent || attempt >= retry.MaxRetries)
        {
            return false;
        }

        TimeSpan delay = retryAfter ?? retry.Backoff(attempt + 1, Random.Shared.NextDouble());
        retry.OnRetry?.Invoke(new ApiRetryAttempt(request.Method.Method, request.Path, attempt + 1, delay, status, exception));
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>A connection reset, refused or ended early: worth a retry for idempotent requests.</summary>
    internal static bool IsDroppedConnection(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded }:
                case HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded }:
                case SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.ConnectionRefused }:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <see cref="ApiClientOptions.Timeout"/> for one call, on <see cref="ApiClientOptions.TimeProvider"/>, linked with the
    /// caller's token; tells a timeout from the caller's cancellation.
    /// </summary>
    private sealed class Deadline : IDisposable
    {
        private readonly CancellationTokenSource _timer;
        private readonly CancellationTokenSource _linked;

        private Deadline(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
        {
            _timer = new CancellationTokenSource(timeout, timeProvider);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timer.Token);
        }

        /// <summary>Whether the timeout has expired (not the caller's cancellation).</summary>
        public bool Expired => _timer.IsCancellationRequested;

        /// <summary>Starts the deadline, or returns null (and the caller's token) when the timeout is infinite.</summary>
        public static Deadline? Start(ApiClientOptions options, CancellationToken cancellationToken, out CancellationToken token)
        {
            if (options.Timeout == Timeout.InfiniteTimeSpan)
            {
                token = cancellationToken;
                return null;
            }

            var deadline = new Deadline(options.Timeout, options.TimeProvider, cancellationToken);
            token = deadline._linked.Token;
            return deadline;
        }

        public void Dispose()
        {
            _linked.Dispose();
            _timer.Dispose();
        }
    }

    private TimeoutException TimedOut(ApiRequest request, Exception inner) =>
        new(request.Method.Method + " " + request.Path + " did not complete within " + Options.Timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s (ApiClientOptions.Timeout).", inner);

    private static ApiException ResponseError(ApiRequest request, HttpResponseMessage response, string what, Exception? inner) =>
        new(request.Method.Method + " " + request.Path + " returned " + (int)response.StatusCode + " " + response.ReasonPhrase + " with " + what + ".",
            new ApiResponseInfo(request.Method.Method, request.Path, response.StatusCode, response.ReasonPhrase, string.Empty, false, null),
            inner);
}
