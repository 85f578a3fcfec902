using System;

namespace SliceClientGen.Runtime.Streaming;

/// <summary>One server-sent event, its data parsed as <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="EventType">The event's <c>event:</c> field, or <c>message</c> when it has none.</param>
/// <param name="Data">The event's data: its <c>data:</c> lines joined with a line feed, then parsed.</param>
/// <param name="Id">The last event ID the stream set with <c>id:</c> (it carries over to later events), for resuming with a <c>Last-Event-ID</c> header.</param>
/// <param name="Retry">The reconnection time the server asked for with <c>retry:</c>, if it did.</param>
public readonly record struct ServerSentEvent<T>(string EventType, T Data, string? Id, TimeSpan? Retry);
