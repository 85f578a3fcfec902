namespace SliceClientGen.Runtime.Streaming;

/// <summary>How the items of a streamed response body are framed.</summary>
public enum StreamingFormat
{
    /// <summary><c>text/event-stream</c>: server-sent events, one item per event's data.</summary>
    ServerSentEvents,

    /// <summary>
    /// <c>application/x-ndjson</c>, <c>application/jsonl</c> (JSON Lines): one JSON value after another.
    /// Values are framed by their JSON structure, not by line, so blank lines and a missing final newline are fine.
    /// </summary>
    JsonLines,

    /// <summary><c>application/json-seq</c> (RFC 7464): JSON values each preceded by a record separator (0x1E).</summary>
    JsonSequence,
}
