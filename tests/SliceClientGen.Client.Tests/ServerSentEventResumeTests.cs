using Microsoft.AspNetCore.Http;
using SliceClientGen.Client.Tests.Infrastructure;
using SliceClientGen.Client.Tests.Streams;
using SliceClientGen.Runtime.Streaming;

namespace SliceClientGen.Client.Tests;

/// <summary>
/// Resuming a server-sent event stream (HTML Living Standard, server-sent events): the caller passes the last event ID it
/// saw, and with <see cref="StreamingOptions.MaxReconnectAttempts"/> the runtime reconnects after the server's
/// <c>retry:</c> time with <c>Last-Event-ID</c>, as a browser's EventSource does. Over real HTTP; the waits run on a
/// fake clock the test advances once the client waits.
/// </summary>
public sealed class ServerSentEventResumeTests
{
    [Fact]
    public async Task The_events_method_sends_the_last_event_id_it_is_given_as_Last_Event_ID()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(EventStream("id: 42\ndata: next\n\n"));
        using HttpClient http = server.CreateHttpClient();

        List<ServerSentEvent<string>> events = await new StreamsClient(http, TestClients.Options()).NotificationServerSentEventsAsync(lastEventId: "41").ToListAsync();

        Assert.Equal("41", server.Single.Header("Last-Event-ID"));
        Assert.Equal([("next", "42")], events.Select(e => (e.Data, e.Id)));
    }

    [Fact]
    public async Task A_stream_that_ends_is_reconnected_after_the_servers_retry_time_with_the_last_event_id()
    {
        var clock = new WaitingClock();
        await using LoopbackServer server = await LoopbackServer.StartAsync(EventStream("id: 1\nretry: 5000\ndata: one\n\n"), EventStream("data: two\n\ndata: [DONE]\n\n"));
        using HttpClient http = server.CreateHttpClient();
        await using IAsyncEnumerator<ServerSentEvent<string>> events = Client(http, clock).NotificationServerSentEventsAsync(streamingOptions: Reconnecting(1)).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        Task<bool> next = events.MoveNextAsync().AsTask();
        Assert.Equal(TimeSpan.FromSeconds(5), await clock.NextTimerAsync());
        Assert.Single(server.Requests);
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.True(await next.Within());
        Assert.Equal(("two", "1"), (events.Current.Data, events.Current.Id));
        Assert.Equal("1", server.Requests[1].Header("Last-Event-ID"));
        Assert.False(await events.MoveNextAsync());
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_dropped_stream_is_reconnected_from_the_last_complete_event_after_the_reconnect_delay()
    {
        var clock = new WaitingClock();
        await using LoopbackServer server = await LoopbackServer.StartAsync(EndsEarly("id: 7\ndata: a\n\nid: 8\ndata: cut"), EventStream("data: b\n\ndata: [DONE]\n\n"));
        using HttpClient http = server.CreateHttpClient();
        StreamingOptions options = Reconnecting(1);
        options.ReconnectDelay = TimeSpan.FromMilliseconds(250);
        await using IAsyncEnumerator<ServerSentEvent<string>> events = Client(http, clock).NotificationServerSentEventsAsync(streamingOptions: options).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        Task<bool> next = events.MoveNextAsync().AsTask();
        Assert.Equal(TimeSpan.FromMilliseconds(250), await clock.NextTimerAsync());
        clock.Advance(TimeSpan.FromMilliseconds(250));

        Assert.True(await next.Within());
        Assert.Equal("b", events.Current.Data);
        Assert.Equal("7", server.Requests[1].Header("Last-Event-ID"));
    }

    [Fact]
    public async Task A_204_answer_to_a_reconnection_ends_the_stream()
    {
        var clock = new WaitingClock();
        await using LoopbackServer server = await LoopbackServer.StartAsync(EventStream("id: 1\ndata: one\n\n"), Responses.Status(204));
        using HttpClient http = server.CreateHttpClient();
        await using IAsyncEnumerator<ServerSentEvent<string>> events = Client(http, clock).NotificationServerSentEventsAsync(streamingOptions: Reconnecting(5)).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        Task<bool> next = events.MoveNextAsync().AsTask();
        clock.Advance(await clock.NextTimerAsync());

        Assert.False(await next.Within());
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Reconnection_gives_up_with_the_drop_after_MaxReconnectAttempts_in_a_row_without_an_event()
    {
        var clock = new WaitingClock();
        await using LoopbackServer server = await LoopbackServer.StartAsync(EndsEarly(": nothing yet\n"));
        using HttpClient http = server.CreateHttpClient();
        await using IAsyncEnumerator<ServerSentEvent<string>> events = Client(http, clock).NotificationServerSentEventsAsync(streamingOptions: Reconnecting(2)).GetAsyncEnumerator();

        Task<bool> first = events.MoveNextAsync().AsTask();
        clock.Advance(await clock.NextTimerAsync());
        clock.Advance(await clock.NextTimerAsync());

        IOException error = await Assert.ThrowsAsync<IOException>(() => first.Within());
        Assert.Contains("the connection dropped after 0 server-sent events", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Cancelling_while_waiting_to_reconnect_ends_the_stream_without_reconnecting()
    {
        var clock = new WaitingClock();
        await using LoopbackServer server = await LoopbackServer.StartAsync(EventStream("data: one\n\n"));
        using HttpClient http = server.CreateHttpClient();
        using var cancel = new CancellationTokenSource();
        await using IAsyncEnumerator<ServerSentEvent<string>> events = Client(http, clock).NotificationServerSentEventsAsync(streamingOptions: Reconnecting(3)).GetAsyncEnumerator(cancel.Token);
        Assert.True(await events.MoveNextAsync());

        Task<bool> next = events.MoveNextAsync().AsTask();
        await clock.NextTimerAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.Within());
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_reconnection_answered_with_something_other_than_an_event_stream_fails_the_stream_for_good()
    {
        var clock = new WaitingClock();
        await using LoopbackServer server = await LoopbackServer.StartAsync(EventStream("id: 1\ndata: one\n\n"), Responses.Body(200, "<html>Sign in</html>", "text/html"));
        using HttpClient http = server.CreateHttpClient();
        await using IAsyncEnumerator<ServerSentEvent<string>> events = Client(http, clock).NotificationServerSentEventsAsync(streamingOptions: Reconnecting(3)).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        Task<bool> next = events.MoveNextAsync().AsTask();
        clock.Advance(await clock.NextTimerAsync());

        InvalidDataException e = await Assert.ThrowsAsync<InvalidDataException>(() => next.Within());
        Assert.Contains("answered 200 with Content-Type text/html, not text/event-stream; the stream ends without reconnecting.", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    private static StreamsClient Client(HttpClient http, TimeProvider clock) => new(http, TestClients.Options(configure: o => o.TimeProvider = clock));

    private static StreamingOptions Reconnecting(int attempts) => new() { MaxReconnectAttempts = attempts };

    private static Func<HttpContext, Task> EventStream(string body) => Responses.Body(200, body, "text/event-stream");

    /// <summary>Sends <paramref name="partial"/> of a body that promised more, then ends: the client sees the connection drop.</summary>
    private static Func<HttpContext, Task> EndsEarly(string partial) =>
        async context =>
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.ContentLength = 4096;
            await Responses.WriteChunkAsync(context, partial);
        };
}
