namespace SliceClientGen.Model;

/// <summary>How an operation's success body is read.</summary>
internal enum ResponseBodyKind
{
    /// <summary>One JSON value of the result type (or no body).</summary>
    Json,

    /// <summary><c>text/event-stream</c>: the result type is one event's data; the method returns IAsyncEnumerable.</summary>
    ServerSentEvents,

    /// <summary><c>application/x-ndjson</c>, <c>application/jsonl</c>: one JSON value per item; IAsyncEnumerable.</summary>
    JsonLines,

    /// <summary><c>application/json-seq</c> (RFC 7464); IAsyncEnumerable.</summary>
    JsonSequence,

    /// <summary>Any other media type (<c>application/octet-stream</c>, images, …): the body as a Stream.</summary>
    Binary,
}
