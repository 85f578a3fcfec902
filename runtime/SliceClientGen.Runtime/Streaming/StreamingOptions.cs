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

    internal StreamingOptions Validate()
    {
        if (MaxFrameBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFrameBytes), MaxFrameBytes, "MaxFrameBytes must be positive.");
        }

        return this;
    }
}
