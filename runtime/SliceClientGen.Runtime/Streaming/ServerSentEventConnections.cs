using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Http;
using SliceClientGen.Runtime.Serialization;

namespace SliceClientGen.Runtime.Streaming;

/// <summary>
/// One server-sent event stream over as many connections as it takes (HTML Living Standard, server-sent events: the
/// event stream's processing model). The first request carries the caller's last event ID; when a connection ends or
/// drops and <see cref="StreamingOptions.MaxReconnectAttempts"/> allows, the request is sent again after the
/// reconnection time (the server's <c>retry:</c>, else <see cref="StreamingOptions.ReconnectDelay"/>) with
/// <c>Last-Event-ID</c> set to the stream's last event ID (none when it is empty). An end sentinel or a
/// <c>204 No Content</c> ends the stream for good (the standard's way for a server to stop reconnections); an error
/// status, a response whose Content-Type is not <c>text/event-stream</c>, malformed data and cancellation end it with
/// their exception.
/// </summary>
internal static class ServerSentEventConnections
{
    /// <summary>The request header naming the last event the client has, so the server resumes after it.</summary>
    public const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>The only media type an event stream may declare; a response without a Content-Type is read as one.</summary>
    public const string EventStreamMediaType = "text/event-stream";

    /// <summary>Sends the request (and reconnects as the options allow) and yields every event of every connection.</summary>
    /// <typeparam name="T">The type of each event's data.</typeparam>
    /// <param name="pipeline">The client's pipeline.</param>
    /// <param name="request">The request; its <c>Last-Event-ID</c> header is set per connection.</param>
    /// <param name="read">The reader of one event's data; null keeps it as text.</param>
    /// <param name="errors">The operation's declared error bodies.</param>
    /// <param name="options">Validated options.</param>
    /// <param name="lastEventId">The last event ID to resume after on the first connection; null leaves the request as it is.</param>
    /// <param name="cancellationToken">Ends the stream and closes its connection (also during the wait before a reconnection).</param>
    /// <returns>The events, as they arrive.</returns>
    public static async IAsyncEnumerable<ServerSentEvent<T>> ReadAsync<T>(
        ApiPipeline pipeline,
        ApiRequest request,
        JsonContextReader<T>? read,
        ApiErrorBodies errors,
        StreamingOptions options,
        string? lastEventId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string describe = request.Method.Method + " " + request.Path;
        if (options.MaxReconnectAttempts > 0 && !request.CanResend)
        {
            throw new InvalidOperationException(describe + " cannot be reconnected (StreamingOptions.MaxReconnectAttempts): its body is caller-built content, which is sent once.");
        }

        if (lastEventId is not null)
        {
            request.SetHeader(LastEventIdHeader, lastEventId.Length == 0 ? null : lastEventId);
        }

        TimeSpan? retry = null;
        int attemptsWithoutEvent = 0;
        while (true)
        {
            bool ended = false;
            HttpResponseMessage? response = null;
            try
            {
                response = await pipeline.SendStreamingAsync(request, errors, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (StreamingResponse.IsDropped(e) && !cancellationToken.IsCancellationRequested && attemptsWithoutEvent < options.MaxReconnectAttempts)
            {
                // Not connected (refused, reset): the standard reconnects, as after a drop.
            }

            if (response is not null)
            {
                using (response)
                {
                    if (response.StatusCode == HttpStatusCode.NoContent)
                    {
                        yield break;
                    }

                    if (response.Content.Headers.ContentType?.MediaType is { } mediaType && !string.Equals(mediaType, EventStreamMediaType, StringComparison.OrdinalIgnoreCase))
                    {
                        // The standard fails the connection for good: a login page or a proxy's error page is not an event stream.
                        throw new InvalidDataException(describe + " answered " + (int)response.StatusCode + " with Content-Type " + mediaType + ", not " + EventStreamMediaType + "; the stream ends without reconnecting.");
                    }

                    Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await using var reader = new ServerSentEventReader<T>(body, read, describe, options, lastEventId, retry);
                    while (true)
                    {
                        ServerSentEvent<T>? next;
                        try
                        {
                            next = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception e) when (StreamingResponse.IsDropped(e) && !cancellationToken.IsCancellationRequested)
                        {
                            if (attemptsWithoutEvent >= options.MaxReconnectAttempts)
                            {
                                throw StreamingResponse.Dropped(describe, reader, e);
                            }

                            break;
                        }

                        if (next is not { } item)
                        {
                            ended = reader.EndedBySentinel;
                            break;
                        }

                        attemptsWithoutEvent = 0;
                        yield return item;
                    }

                    (lastEventId, retry) = (reader.LastEventId, reader.Retry);
                }
            }

            if (ended || attemptsWithoutEvent >= options.MaxReconnectAttempts)
            {
                yield break;
            }

            attemptsWithoutEvent++;
            await WaitToReconnectAsync(pipeline, retry ?? options.ReconnectDelay, cancellationToken).ConfigureAwait(false);
            request.SetHeader(LastEventIdHeader, string.IsNullOrEmpty(lastEventId) ? null : lastEventId);
        }
    }

    /// <summary>The wait before a reconnection, on the client's clock.</summary>
    private static Task WaitToReconnectAsync(ApiPipeline pipeline, TimeSpan delay, CancellationToken cancellationToken) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, pipeline.Options.TimeProvider, cancellationToken) : Task.CompletedTask;
}
