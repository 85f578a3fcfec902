using System;
using System.Collections.Generic;

namespace SliceClientGen.Runtime.Streaming;

/// <summary>How a streamed response is read.</summary>
public sealed class StreamingOptions
{
    /// <summary>
    /// Server-sent event data that ends the stream instead of being an item, compared exactly. Defaults to
    /// <c>[DONE]</c>, which LLM APIs send last; clear it when <c>[DONE]</c> is an ordinary item.
    /// </summary>
    public ICollection<string> EndSentinels { get; } = new List<string> { "[DONE]" };

    /// <summary>
    /// The largest frame (one JSON value, or one server-sent event's data or line) accepted, in bytes; a larger one
    /// raises an <see cref="System.IO.InvalidDataException"/> instead of exhausting memory. Defaults to 16 MiB.
    /// </summary>
    public int MaxFrameBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Server-sent events only: how many times in a row a stream is reconnected without receiving an event in
    /// between. When a connection ends or drops (not after an end sentinel, a <c>204 No Content</c>, an error status or
    /// cancellation), the request is sent again after the reconnection time with <c>Last-Event-ID</c> set to the last
    /// event ID the stream had, as a browser's <c>EventSource</c> does; receiving an event starts the count again.
    /// When the attempts are used up, the last connection's error is thrown (or the stream ends, if it ended cleanly).
    /// Defaults to 0: never reconnect. A request whose body is caller-built content (sent once) cannot be reconnected.
    /// </summary>
    public int MaxReconnectAttempts { get; set; }

    /// <summary>
    /// Server-sent events only: the wait before a reconnection when the server has not set one with <c>retry:</c>
    /// (the server's value wins, also for later connections). Waited on <see cref="Http.ApiClientOptions.TimeProvider"/>.
    /// Defaults to 3 seconds.
    /// </summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(3);

    internal StreamingOptions Validate()
    {
        if (MaxFrameBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFrameBytes), MaxFrameBytes, "MaxFrameBytes must be positive.");
        }

        if (MaxReconnectAttempts < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReconnectAttempts), MaxReconnectAttempts, "MaxReconnectAttempts may not be negative.");
        }

        if (ReconnectDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ReconnectDelay), ReconnectDelay, "ReconnectDelay may not be negative.");
        }

        return this;
    }
}
