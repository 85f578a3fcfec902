using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SliceClientGen.Runtime.Http;
using SliceClientGen.Runtime.Serialization;
using SliceClientGen.Runtime.Streaming;
using SliceClientGen.Watch.Tests.Infrastructure;
using static SliceClientGen.Watch.Tests.Infrastructure.TestHelpers;

namespace SliceClientGen.Watch.Tests;

/// <summary>
/// Streamed response bodies (server-sent events, JSON Lines, JSON text sequences) read by the runtime as they
/// arrive, over real HTTP from a scripted Kestrel server, and from streams that deliver one byte per read.
/// </summary>
public sealed class StreamingTests
{
    private static readonly JsonContextReader<JsonElement> ReadElement = static (ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadContext context) => JsonElement.ParseValue(ref reader);

    /// <summary>Answers with <paramref name="contentType"/> and the given chunks, each written and flushed on its own with a pause between.</summary>
    private static Func<HttpContext, Task> Chunks(string contentType, params byte[][] chunks) => async context =>
    {
        context.Response.ContentType = contentType;
        await context.Response.StartAsync(context.RequestAborted);
        foreach (byte[] chunk in chunks)
        {
            await Responses.WriteChunkAsync(context, chunk);
            await Task.Delay(15, context.RequestAborted);
        }
    };

    private static Func<HttpContext, Task> Body(string contentType, string body) => Chunks(contentType, Encoding.UTF8.GetBytes(body));

    private static ApiPipeline Pipeline(LoopbackServer server, HttpClient http) =>
        new(http, new ApiClientOptions { Timeout = TimeSpan.FromSeconds(10) }, server.BaseAddress.ToString());

    private static ApiRequest Request() => new(HttpMethod.Post, "/v1/stream", "stream");

    /// <summary>Answers with <paramref name="contentType"/> and <paramref name="first"/>, then holds the response open until the client goes away.</summary>
    private static Func<HttpContext, Task> ThenHeldOpen(string contentType, string first) => async context =>
    {
        context.Response.ContentType = contentType;
        await Responses.WriteChunkAsync(context, first);
        await Responses.HoldOpenAsync(context);
    };

    /// <summary>The items of the stream <paramref name="server"/> answers, read as <paramref name="format"/> into JSON values.</summary>
    private static IAsyncEnumerable<JsonElement> ReadItems(LoopbackServer server, HttpClient http, StreamingFormat format, CancellationToken cancellationToken) =>
        StreamingResponse.ReadAsync(Pipeline(server, http), Request(), format, ReadElement, ApiErrorBodies.None, null, cancellationToken);

    private static async Task<List<ServerSentEvent<JsonElement>>> EventsAsync(LoopbackServer server, StreamingOptions? options = null)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using CancellationTokenSource guard = GuardToken();
        return await StreamingResponse.ReadEventsAsync(Pipeline(server, http), Request(), ReadElement, ApiErrorBodies.None, options, lastEventId: null, guard.Token).ToListAsync(guard.Token);
    }

    private static async Task<List<string>> ItemsAsync(LoopbackServer server, StreamingFormat format)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using CancellationTokenSource guard = GuardToken();
        return await ReadItems(server, http, format, guard.Token)
            .Select(e => e.GetRawText())
            .ToListAsync(guard.Token);
    }

    [Fact]
    public async Task Server_sent_events_join_data_lines_skip_comments_and_carry_event_id_and_retry()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Body("text/event-stream",
            ": a comment the server sends as a keep-alive\n" +
            "retry: 1500\n" +
            "\n" +
            "event: delta\n" +
            "id: 7\n" +
            "data: {\"text\":\n" +
            "data:\"first\"}\n" +
            "unknown: ignored\n" +
            "\n" +
            ":another comment\n" +
            "data: {\"text\":\"second\"}\n" +
            "\n"));

        List<ServerSentEvent<JsonElement>> events = await EventsAsync(server);

        Assert.Equal(2, events.Count);
        Assert.Equal("delta", events[0].EventType);
        Assert.Equal("{\"text\":\n\"first\"}", events[0].Data.GetRawText());
        Assert.Equal("7", events[0].Id);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), events[0].Retry);
        Assert.Equal("message", events[1].EventType);
        Assert.Equal("second", events[1].Data.GetProperty("text").GetString());
        Assert.Equal("7", events[1].Id);
    }

    [Fact]
    public async Task A_done_event_ends_the_stream_and_what_follows_is_not_read()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Body("text/event-stream",
            "data: {\"n\":1}\n\ndata: [DONE]\n\ndata: {\"n\":2}\n\n"));

        List<ServerSentEvent<JsonElement>> events = await EventsAsync(server);

        ServerSentEvent<JsonElement> only = Assert.Single(events);
        Assert.Equal(1, only.Data.GetProperty("n").GetInt32());
        await server.Requests[0].Ended.WaitAsync(Guard);
    }

    [Fact]
    public async Task Other_end_sentinels_are_configurable_and_done_can_be_an_ordinary_item()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Body("text/event-stream",
            "data: [DONE]\n\ndata: fin\n\ndata: after\n\n"));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var options = new StreamingOptions();
        options.EndSentinels.Clear();
        options.EndSentinels.Add("fin");

        List<string> data = await StreamingResponse.ReadTextEventsAsync(Pipeline(server, http), Request(), ApiErrorBodies.None, options, lastEventId: null)
            .Select(e => e.Data)
            .ToListAsync();

        Assert.Equal(["[DONE]"], data);
    }

    [Fact]
    public async Task Server_sent_events_split_at_every_byte_with_crlf_cr_and_multibyte_utf8_read_the_same()
    {
        string body = "\uFEFFevent: caf\u00e9\r\nid: \u2615\r\ndata: {\"text\":\"\u00e9\u2615\U0001F600\"}\r\n\r\n: ping\rdata: {\"text\":\"cr only\"}\r\rdata: {\"text\":\"lf\"}\n\n";
        byte[] bytes = Encoding.UTF8.GetBytes(body);

        List<ServerSentEvent<string>> whole = await StreamingResponse.ReadTextEventsAsync(new MemoryStream(bytes)).ToListAsync();
        List<ServerSentEvent<string>> trickled = await StreamingResponse.ReadTextEventsAsync(new TrickleStream(bytes)).ToListAsync();

        Assert.Equal(
            [("caf\u00e9", "{\"text\":\"\u00e9\u2615\U0001F600\"}", "\u2615"), ("message", "{\"text\":\"cr only\"}", "\u2615"), ("message", "{\"text\":\"lf\"}", "\u2615")],
            whole.Select(e => (e.EventType, e.Data, e.Id)));
        Assert.Equal(whole, trickled);
    }

    [Fact]
    public async Task Server_sent_events_arrive_whole_when_http_chunks_split_a_utf8_character_and_a_crlf()
    {
        byte[] first = Encoding.UTF8.GetBytes("data: {\"text\":\"caf\u00e9\"}\r\n\r\n");
        byte[] second = Encoding.UTF8.GetBytes("data: {\"text\":\"\u2615\"}\r\n\r\n");
        int insideE9 = Array.IndexOf(first, (byte)0xC3) + 1;
        int betweenCrLf = Array.IndexOf(second, (byte)'\r') + 1;
        await using LoopbackServer server = await LoopbackServer.StartAsync(Chunks("text/event-stream",
            first[..insideE9], first[insideE9..], second[..2], second[2..betweenCrLf], second[betweenCrLf..]));

        List<ServerSentEvent<JsonElement>> events = await EventsAsync(server);

        Assert.Equal(["caf\u00e9", "\u2615"], events.Select(e => e.Data.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Json_lines_skip_blank_lines_and_accept_crlf_and_a_last_line_without_newline()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Body("application/x-ndjson",
            "{\"n\":1}\n\n\r\n{\"n\":2}\r\n   \n[3]\n\"four\"\n5"));

        List<string> items = await ItemsAsync(server, StreamingFormat.JsonLines);

        Assert.Equal(["{\"n\":1}", "{\"n\":2}", "[3]", "\"four\"", "5"], items);
    }

    [Fact]
    public async Task Json_lines_split_at_every_byte_read_the_same()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("{\"text\":\"caf\u00e9 \U0001F600\"}\n\n{\"n\":[1,2,{\"deep\":true}]}\n12\n");

        List<string> items = await StreamingResponse.ReadAsync(new TrickleStream(bytes), StreamingFormat.JsonLines, ReadElement)
            .Select(e => e.GetRawText())
            .ToListAsync();

        Assert.Equal(["{\"text\":\"caf\u00e9 \U0001F600\"}", "{\"n\":[1,2,{\"deep\":true}]}", "12"], items);
    }

    [Fact]
    public async Task Json_text_sequences_are_split_at_record_separators()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Body("application/json-seq",
            "\u001e{\"n\":1}\n\u001e{\"n\":2}\n\u001e3\n"));

        List<string> items = await ItemsAsync(server, StreamingFormat.JsonSequence);

        Assert.Equal(["{\"n\":1}", "{\"n\":2}", "3"], items);
    }

    [Fact]
    public async Task A_malformed_json_line_raises_an_error_naming_its_number()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Body("application/jsonl", "{\"n\":1}\n{\"n\":2}\n{\"n\":}\n"));

        JsonException error = await Assert.ThrowsAsync<JsonException>(() => ItemsAsync(server, StreamingFormat.JsonLines));

        Assert.Contains("POST /v1/stream: item #3 is not a valid JsonElement", error.Message);
        Assert.Contains("{\"n\":}", error.Message);
    }

    [Fact]
    public async Task A_server_sent_event_whose_data_is_not_json_raises_an_error_naming_the_event()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Body("text/event-stream", "data: {\"n\":1}\n\ndata: not json\n\n"));

        JsonException error = await Assert.ThrowsAsync<JsonException>(() => EventsAsync(server));

        Assert.Contains("server-sent event #2 is not a valid JsonElement", error.Message);
        Assert.Contains("It starts: not json", error.Message);
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_json_line_says_which_item_was_cut_off()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Body("application/x-ndjson", "{\"n\":1}\n{\"n\":"));

        EndOfStreamException error = await Assert.ThrowsAsync<EndOfStreamException>(() => ItemsAsync(server, StreamingFormat.JsonLines));

        Assert.Contains("ended inside item #2", error.Message);
    }

    [Fact]
    public async Task A_connection_dropped_mid_stream_raises_an_io_error_after_the_items_that_arrived()
    {
        // The connection drops once the client has the first event (a reset can discard bytes received but not yet read).
        var firstReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using LoopbackServer server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await Responses.WriteChunkAsync(context, "data: {\"n\":1}\n\ndata: {\"n\"");
            await firstReceived.Task.WaitAsync(context.RequestAborted);
            context.Abort();
        });
        var received = new List<JsonElement>();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using CancellationTokenSource guard = GuardToken();

        IOException error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            await foreach (JsonElement item in ReadItems(server, http, StreamingFormat.ServerSentEvents, guard.Token))
            {
                received.Add(item);
                firstReceived.TrySetResult();
            }
        });

        Assert.Single(received);
        Assert.Contains("POST /v1/stream: the connection dropped after 1 server-sent event, before server-sent event #2 was complete", error.Message);
    }

    [Fact]
    public async Task Items_are_yielded_as_they_arrive_before_the_body_ends()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using LoopbackServer server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/x-ndjson";
            await Responses.WriteChunkAsync(context, "{\"n\":1}\n");
            await release.Task.WaitAsync(context.RequestAborted);
            await Responses.WriteChunkAsync(context, "{\"n\":2}\n");
        });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using CancellationTokenSource guard = GuardToken();
        await using IAsyncEnumerator<JsonElement> items = ReadItems(server, http, StreamingFormat.JsonLines, guard.Token).GetAsyncEnumerator(guard.Token);

        Assert.True(await items.MoveNextAsync());
        Assert.Equal(1, items.Current.GetProperty("n").GetInt32());
        release.SetResult();
        Assert.True(await items.MoveNextAsync());
        Assert.Equal(2, items.Current.GetProperty("n").GetInt32());
        Assert.False(await items.MoveNextAsync());
    }

    [Fact]
    public async Task Cancelling_a_stream_that_waits_for_the_next_item_ends_it_and_closes_the_connection()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(ThenHeldOpen("text/event-stream", "data: {\"n\":1}\n\n"));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var cancel = new CancellationTokenSource();
        var received = new List<JsonElement>();

        Task reading = Task.Run(async () =>
        {
            await foreach (JsonElement item in ReadItems(server, http, StreamingFormat.ServerSentEvents, cancel.Token))
            {
                received.Add(item);
                cancel.CancelAfter(50);
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Guard));
        Assert.Single(received);
        await server.Requests[0].Aborted.WaitAsync(Guard);
    }

    [Fact]
    public async Task Breaking_out_of_await_foreach_disposes_the_response_and_closes_the_connection()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(ThenHeldOpen("application/x-ndjson", "{\"n\":1}\n{\"n\":2}\n"));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using CancellationTokenSource guard = GuardToken();
        var received = new List<JsonElement>();

        await foreach (JsonElement item in ReadItems(server, http, StreamingFormat.JsonLines, guard.Token))
        {
            received.Add(item);
            break;
        }

        Assert.Single(received);
        await server.Requests[0].Aborted.WaitAsync(Guard);
    }

    [Fact]
    public async Task An_error_status_throws_an_api_exception_before_any_item()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = (int)HttpStatusCode.TooManyRequests;
            context.Response.Headers.RetryAfter = "3600";
            await context.Response.WriteAsync("{\"error\":\"slow down\"}");
        });

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => EventsAsync(server));

        Assert.True(error.IsTooManyRequests);
        Assert.Contains("slow down", error.ResponseBody);
    }

    /// <summary>A stream that returns one byte per read: every possible split point is exercised.</summary>
    private sealed class TrickleStream(byte[] bytes) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position == bytes.Length || buffer.IsEmpty)
            {
                return 0;
            }

            buffer[0] = bytes[_position++];
            return 1;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
