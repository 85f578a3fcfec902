using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Http;
using SliceClientGen.Runtime.Serialization;

namespace SliceClientGen.Runtime.Streaming;

/// <summary>
/// Reads streamed response bodies (server-sent events, JSON Lines, JSON text sequences) as
/// <see cref="IAsyncEnumerable{T}"/>, for generated streaming operations and for any stream. The request is sent
/// when the enumeration starts and its response is taken as soon as the headers arrive (a non-success status
/// throws <see cref="ApiException"/> from the first <c>MoveNextAsync</c>); each item is parsed as soon as its
/// last byte arrives, never after the whole body. Cancelling the token ends the enumeration at once and
/// closes the connection. A server-sent event stream is reconnected (with <c>Last-Event-ID</c>) when
/// <see cref="StreamingOptions.MaxReconnectAttempts"/> allows it.
/// </summary>
/// <remarks>
/// Errors name the frame: a malformed item raises a <see cref="JsonException"/> ("server-sent event #3 is
/// not a valid …"), a body that ends inside an item an <see cref="EndOfStreamException"/>, a connection that
/// drops an <see cref="IOException"/> saying how many items had arrived. A server-sent event stream that ends
/// in the middle of an event drops that event, as the HTML standard prescribes.
/// </remarks>
public static class StreamingResponse
{
    /// <summary>Sends the request and yields the items of its streamed success response.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="pipeline">The client's pipeline.</param>
    /// <param name="request">The request.</param>
    /// <param name="format">How items are framed.</param>
    /// <param name="read">The generated reader of one item (for server-sent events, of one event's data).</param>
    /// <param name="errors">The operation's declared error bodies.</param>
    /// <param name="options">End sentinels and limits; null for the defaults.</param>
    /// <param name="cancellationToken">Ends the enumeration and closes the connection.</param>
    /// <returns>The items, as they arrive.</returns>
    public static async IAsyncEnumerable<T> ReadAsync<T>(
        ApiPipeline pipeline,
        ApiRequest request,
        StreamingFormat format,
        JsonContextReader<T> read,
        ApiErrorBodies errors,
        StreamingOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (read is null)
        {
            throw new ArgumentNullException(nameof(read));
        }

        await foreach (ServerSentEvent<T> item in SendAndReadAsync(pipeline, request, format, read, errors, options, null, cancellationToken).ConfigureAwait(false))
        {
            yield return item.Data;
        }
    }

    /// <summary>Sends the request and yields the server-sent events of its success response, each event's data parsed as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type of each event's data.</typeparam>
    /// <param name="pipeline">The client's pipeline.</param>
    /// <param name="request">The request.</param>
    /// <param name="read">The generated reader of one event's data.</param>
    /// <param name="errors">The operation's declared error bodies.</param>
    /// <param name="options">End sentinels, limits and reconnection; null for the defaults.</param>
    /// <param name="lastEventId">Sent as <c>Last-Event-ID</c> so the server resumes after that event (an earlier event's <see cref="ServerSentEvent{T}.Id"/>); null sends none.</param>
    /// <param name="cancellationToken">Ends the enumeration and closes the connection.</param>
    /// <returns>The events (type, data, last event ID, retry), as they arrive.</returns>
    public static IAsyncEnumerable<ServerSentEvent<T>> ReadEventsAsync<T>(
        ApiPipeline pipeline,
        ApiRequest request,
        JsonContextReader<T> read,
        ApiErrorBodies errors,
        StreamingOptions? options,
        string? lastEventId,
        CancellationToken cancellationToken = default) =>
        SendAndReadAsync(pipeline, request, StreamingFormat.ServerSentEvents, read ?? throw new ArgumentNullException(nameof(read)), errors, options, lastEventId, cancellationToken);

    /// <summary>Sends the request and yields the server-sent events of its success response with their data as text.</summary>
    /// <param name="pipeline">The client's pipeline.</param>
    /// <param name="request">The request.</param>
    /// <param name="errors">The operation's declared error bodies.</param>
    /// <param name="options">End sentinels, limits and reconnection; null for the defaults.</param>
    /// <param name="lastEventId">Sent as <c>Last-Event-ID</c> so the server resumes after that event (an earlier event's <see cref="ServerSentEvent{T}.Id"/>); null sends none.</param>
    /// <param name="cancellationToken">Ends the enumeration and closes the connection.</param>
    /// <returns>The events, as they arrive.</returns>
    public static IAsyncEnumerable<ServerSentEvent<string>> ReadTextEventsAsync(
        ApiPipeline pipeline,
        ApiRequest request,
        ApiErrorBodies errors,
        StreamingOptions? options,
        string? lastEventId,
        CancellationToken cancellationToken = default) =>
        SendAndReadAsync<string>(pipeline, request, StreamingFormat.ServerSentEvents, null, errors, options, lastEventId, cancellationToken);

    /// <summary>Sends the request and yields the data of each server-sent event of its success response as text.</summary>
    /// <param name="pipeline">The client's pipeline.</param>
    /// <param name="request">The request.</param>
    /// <param name="errors">The operation's declared error bodies.</param>
    /// <param name="options">End sentinels and limits; null for the defaults.</param>
    /// <param name="cancellationToken">Ends the enumeration and closes the connection.</param>
    /// <returns>Each event's data, as it arrives.</returns>
    public static async IAsyncEnumerable<string> ReadTextAsync(
        ApiPipeline pipeline,
        ApiRequest request,
        ApiErrorBodies errors,
        StreamingOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (ServerSentEvent<string> item in SendAndReadAsync<string>(pipeline, request, StreamingFormat.ServerSentEvents, null, errors, options, null, cancellationToken).ConfigureAwait(false))
        {
            yield return item.Data;
        }
    }

    /// <summary>Yields the items of a streamed body read from any stream (the stream is not disposed).</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="stream">The body.</param>
    /// <param name="format">How items are framed.</param>
    /// <param name="read">The reader of one item (for server-sent events, of one event's data).</param>
    /// <param name="options">End sentinels and limits; null for the defaults.</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>The items, as they arrive.</returns>
    public static async IAsyncEnumerable<T> ReadAsync<T>(
        Stream stream,
        StreamingFormat format,
        JsonContextReader<T> read,
        StreamingOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        if (read is null)
        {
            throw new ArgumentNullException(nameof(read));
        }

        await foreach (ServerSentEvent<T> item in ReadFramesAsync(stream, format, read, "the stream", (options ?? new StreamingOptions()).Validate(), cancellationToken).ConfigureAwait(false))
        {
            yield return item.Data;
        }
    }

    /// <summary>Yields the server-sent events read from any stream with their data as text (the stream is not disposed).</summary>
    /// <param name="stream">The <c>text/event-stream</c> body.</param>
    /// <param name="options">End sentinels and limits; null for the defaults.</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>The events, as they arrive.</returns>
    public static IAsyncEnumerable<ServerSentEvent<string>> ReadTextEventsAsync(Stream stream, StreamingOptions? options = null, CancellationToken cancellationToken = default) =>
        ReadFramesAsync<string>(stream ?? throw new ArgumentNullException(nameof(stream)), StreamingFormat.ServerSentEvents, null, "the stream", (options ?? new StreamingOptions()).Validate(), cancellationToken);

    /// <summary>
    /// Sends the request and returns its success body as a stream as soon as the headers arrive (a binary download):
    /// read it as it arrives; disposing it releases the connection. <see cref="ApiClientOptions.Timeout"/> covers
    /// only the wait for the headers.
    /// </summary>
    /// <param name="pipeline">The client's pipeline.</param>
    /// <param name="request">The request.</param>
    /// <param name="errors">The operation's declared error bodies.</param>
    /// <param name="cancellationToken">Cancels the wait for the headers.</param>
    /// <returns>The body; the caller disposes it.</returns>
    /// <exception cref="ApiException">A non-success status.</exception>
    public static async Task<Stream> OpenReadAsync(ApiPipeline pipeline, ApiRequest request, ApiErrorBodies errors, CancellationToken cancellationToken = default)
    {
        if (pipeline is null)
        {
            throw new ArgumentNullException(nameof(pipeline));
        }

        HttpResponseMessage response = await pipeline.SendStreamingAsync(request, errors, cancellationToken).ConfigureAwait(false);
        try
        {
            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new ResponseBodyStream(response, body);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static async IAsyncEnumerable<ServerSentEvent<T>> SendAndReadAsync<T>(
        ApiPipeline pipeline,
        ApiRequest request,
        StreamingFormat format,
        JsonContextReader<T>? read,
        ApiErrorBodies errors,
        StreamingOptions? options,
        string? lastEventId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (pipeline is null)
        {
            throw new ArgumentNullException(nameof(pipeline));
        }

        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        StreamingOptions settings = (options ?? new StreamingOptions()).Validate();
        if (format == StreamingFormat.ServerSentEvents)
        {
            await foreach (ServerSentEvent<T> item in ServerSentEventConnections.ReadAsync(pipeline, request, read, errors, settings, lastEventId, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }

            yield break;
        }

        using HttpResponseMessage response = await pipeline.SendStreamingAsync(request, errors, cancellationToken).ConfigureAwait(false);
        Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (ServerSentEvent<T> item in ReadFramesAsync(body, format, read, request.Method.Method + " " + request.Path, settings, cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    private static async IAsyncEnumerable<ServerSentEvent<T>> ReadFramesAsync<T>(
        Stream body,
        StreamingFormat format,
        JsonContextReader<T>? read,
        string describe,
        StreamingOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using FrameReader<T> reader = format switch
        {
            StreamingFormat.ServerSentEvents => new ServerSentEventReader<T>(body, read, describe, options),
            StreamingFormat.JsonLines => new JsonSequenceReader<T>(body, read!, recordSeparators: false, describe, options),
            StreamingFormat.JsonSequence => new JsonSequenceReader<T>(body, read!, recordSeparators: true, describe, options),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown streaming format."),
        };

        while (true)
        {
            ServerSentEvent<T>? next;
            try
            {
                next = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsDropped(e) && !cancellationToken.IsCancellationRequested)
            {
                throw Dropped(describe, reader, e);
            }

            if (next is not { } item)
            {
                yield break;
            }

            yield return item;
        }
    }

    /// <summary>Whether reading or connecting failed because the connection went away (not a malformed body).</summary>
    internal static bool IsDropped(Exception exception) =>
        exception is not EndOfStreamException && (exception is IOException or HttpRequestException || ApiPipeline.IsDroppedConnection(exception));

    /// <summary>The error of a stream whose connection dropped, saying how many frames had arrived.</summary>
    internal static IOException Dropped<T>(string describe, FrameReader<T> reader, Exception inner) => new(
        describe + ": the connection dropped after " + reader.FramesRead + " " + reader.FrameName + (reader.FramesRead == 1 ? string.Empty : "s") + ", before " + reader.FrameName + " #" + (reader.FramesRead + 1) + " was complete.",
        inner);
}
