using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Http;
using SliceClientGen.Runtime.Serialization;

namespace SliceClientGen.Runtime.Watch;

/// <summary>
/// Runs a watch for generated <c>Watch…Async</c> methods: connects (returning to the caller as soon as the
/// response headers arrive), yields events as their bytes arrive, and — unless turned off — resumes from the
/// last resourceVersion seen when the server ends the stream, the connection drops or goes idle, with capped,
/// jittered exponential backoff. ERROR events are thrown: <see cref="WatchExpiredException"/> for 410.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)] // Plumbing for generated code; users call the generated methods.
public static class WatchStream
{
    /// <summary>Watches until cancelled, the stream ends (with <see cref="WatchOptions.Resume"/> off) or an error is thrown.</summary>
    /// <typeparam name="T">The watched resource's model.</typeparam>
    /// <param name="pipeline">The client's pipeline.</param>
    /// <param name="createRequest">Builds the request of one connection (watch=true, resourceVersion, timeoutSeconds, …).</param>
    /// <param name="read">The generated reader of <typeparamref name="T"/>; each connection's stream has one <see cref="JsonReadContext"/>, reused across its events.</param>
    /// <param name="resourceVersionOf">Gets metadata.resourceVersion of an object; null when the model has none (no resume then).</param>
    /// <param name="resourceVersion">The resourceVersion to start from (typically the list's), or null.</param>
    /// <param name="timeoutSeconds">The caller's server-side timeout, or null for a randomized one.</param>
    /// <param name="options">Resume, idle timeout and backoff; null for the defaults.</param>
    /// <param name="errors">The operation's declared error bodies.</param>
    /// <param name="cancellationToken">Ends the watch and closes its connection.</param>
    /// <returns>The events.</returns>
    public static async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        ApiPipeline pipeline,
        Func<WatchConnection, ApiRequest> createRequest,
        JsonContextReader<T> read,
        Func<T, string?>? resourceVersionOf,
        string? resourceVersion,
        int? timeoutSeconds,
        WatchOptions? options,
        ApiErrorBodies errors,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (pipeline is null)
        {
            throw new ArgumentNullException(nameof(pipeline));
        }

        if (createRequest is null)
        {
            throw new ArgumentNullException(nameof(createRequest));
        }

        WatchOptions settings = (options ?? new WatchOptions()).Validate();
        bool canResume = settings.Resume;
        string? current = resourceVersion;
        long events = 0;
        long bookmarks = 0;
        int failures = 0;
        bool resumed = false;

        // Without a resourceVersion (or with "0") the server first streams the current state as ADDED events
        // (sendInitialEvents, or synthetic ADDED events), in key order, each with its object's own
        // resourceVersion: not a point to resume from. The first other event (the initial-events-end or any
        // BOOKMARK, MODIFIED, DELETED) ends that state; a stream that ends before it starts over.
        bool initialState = string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0";
        while (true)
        {
            long eventsBefore = events;
            int? timeout = timeoutSeconds ?? (settings.RandomizeServerTimeout
                ? (int)(settings.MinServerTimeout.TotalSeconds * (1 + Random.Shared.NextDouble()))
                : null);
            ApiRequest request = createRequest(new WatchConnection(current, timeout, resumed));
            string describe = request.Method.Method + " " + request.Path;
            HttpResponseMessage? response = null;
            Exception? failure = null;
            string reason = "stream ended";
            try
            {
                response = await pipeline.SendStreamingAsync(request, errors, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.IsExpired)
            {
                (string? statusReason, string? statusMessage) = WatchException.ReasonAndMessage(e.ResponseBody);
                throw new WatchExpiredException(
                    describe + " failed with 410 Gone: the resourceVersion " + (current ?? "(none)") + " is too old. List again and watch from the list's resourceVersion.",
                    e.Response, 410, statusReason ?? "Expired", statusMessage, e);
            }
            catch (Exception e) when (canResume && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                failure = e;
                reason = "connect failed";
            }

            if (response is not null)
            {
                using (response)
                {
                    Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await using var reader = new WatchEventReader<T>(body, read, resourceVersionOf, describe);
                    // The idle timer runs on WatchOptions.TimeProvider; CancelAfter on this source re-arms it on that clock.
                    using var idleTimer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, settings.TimeProvider);
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idleTimer.Token);
                    Action? arrived = settings.IdleTimeout == Timeout.InfiniteTimeSpan ? null : () => idleTimer.CancelAfter(settings.IdleTimeout);
                    while (true)
                    {
                        WatchEventReader<T>.ParsedEvent? next;
                        try
                        {
                            if (settings.IdleTimeout != Timeout.InfiniteTimeSpan)
                            {
                                idleTimer.CancelAfter(settings.IdleTimeout);
                            }

                            next = await reader.ReadAsync(idle.Token, arrived).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                        {
                            if (!canResume)
                            {
                                throw new TimeoutException(describe + ": no bytes for " + settings.IdleTimeout.TotalSeconds + " s (WatchOptions.IdleTimeout).", e);
                            }

                            failure = e;
                            reason = "idle timeout";
                            break;
                        }
                        catch (Exception e) when (canResume && IsDropped(e) && !cancellationToken.IsCancellationRequested)
                        {
                            failure = e;
                            reason = "connection dropped";
                            break;
                        }

                        if (next is not { } parsed)
                        {
                            break;
                        }

                        failures = 0;
                        if (parsed.Type == WatchEventType.Error)
                        {
                            throw WatchException.FromStatus(request.Method.Method, request.Path, parsed.Status);
                        }

                        events++;
                        if (parsed.Type == WatchEventType.Bookmark)
                        {
                            bookmarks++;
                        }

                        if (parsed.Type != WatchEventType.Added)
                        {
                            initialState = false;
                        }

                        if (parsed.ResourceVersion is { Length: > 0 } version && !initialState)
                        {
                            current = version;
                        }

                        // The idle timeout measures the server, not the consumer: paused while the event is handled.
                        if (arrived is not null)
                        {
                            idleTimer.CancelAfter(Timeout.InfiniteTimeSpan);
                        }

                        yield return new WatchEvent<T>(parsed.Type, parsed.Object!, parsed.ResourceVersion, parsed.InitialEventsEnd);
                    }
                }
            }

            if (!canResume)
            {
                yield break;
            }

            if (resourceVersionOf is null && events > 0)
            {
                // Without a resourceVersion a reconnect would replay every object: end instead of duplicating.
                yield break;
            }

            TimeSpan delay = TimeSpan.Zero;

            // A stream that ended without a single event (not even a bookmark) backs off like a failure, as
            // client-go's "very short watch" does: a server or proxy that answers 200 and closes at once would
            // otherwise be reconnected to in a tight loop.
            if (failure is not null || events == eventsBefore)
            {
                failures++;
                if (settings.MaxConsecutiveFailures >= 0 && failures > settings.MaxConsecutiveFailures)
                {
                    throw new HttpRequestException(describe + ": the watch could not be resumed after " + (failures - 1) + " attempts (" + reason + ").", failure);
                }

                delay = settings.Backoff(failures, Random.Shared.NextDouble());
            }

            settings.OnReconnect?.Invoke(new WatchReconnect(current, delay, reason, failure, events, bookmarks));
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, settings.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            resumed = !initialState;
        }
    }

    /// <summary>Connection-level failures and 5xx/429 answers worth a reconnect.</summary>
    private static bool IsTransient(Exception exception) =>
        IsDropped(exception)
        || exception is HttpRequestException
        || exception is ApiException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError } or ApiException { IsTooManyRequests: true }
        || exception is TimeoutException;

    private static bool IsDropped(Exception exception) =>
        exception is IOException or HttpRequestException || ApiPipeline.IsDroppedConnection(exception);
}
