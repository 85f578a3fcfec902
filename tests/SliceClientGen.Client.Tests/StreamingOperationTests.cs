using System.Net;
using System.Text;
using SliceClientGen.Client.Tests.Infrastructure;
using SliceClientGen.Client.Tests.Streams;
using SliceClientGen.Runtime.Forms;
using SliceClientGen.Runtime.Http;
using SliceClientGen.Runtime.Streaming;

namespace SliceClientGen.Client.Tests;

/// <summary>
/// Operations whose success body is a stream of items or bytes, or whose request body is not JSON
/// (tests/TestDocuments/streaming.yml): generated, typed, and exercised over real HTTP.
/// </summary>
public sealed class StreamingOperationTests
{
    private static StreamsClient Client(HttpClient http) => new(http, TestClients.Options());

    [Fact]
    public async Task A_server_sent_event_operation_keeps_its_name_and_yields_typed_items_until_done()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(
            Responses.Body(200, "data: {\"delta\":\"Hel\",\"index\":0}\n\n: keep-alive\n\ndata: {\"delta\":\"lo\",\"index\":1}\n\ndata: [DONE]\n\n", "text/event-stream"));
        using HttpClient http = server.CreateHttpClient();

        IAsyncEnumerable<ChatChunk> chunks = Client(http).StreamChatAsync(new ChatRequest { Prompt = "hi" });
        List<ChatChunk> received = await chunks.ToListAsync();

        Assert.Equal(["Hel", "lo"], received.Select(c => c.Delta));
        RecordedRequest request = server.Single;
        Assert.Equal("POST", request.Method);
        Assert.Equal("text/event-stream", request.Header("Accept"));
        Assert.Equal("""{"prompt":"hi"}""", request.BodyText);
    }

    [Fact]
    public async Task The_events_method_of_a_server_sent_event_operation_yields_each_event_with_its_type_id_and_retry()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Body(200,
            "event: chunk\nid: 7\nretry: 1500\ndata: {\"delta\":\"Hel\",\"index\":0}\n\n: keep-alive\n\ndata: {\"delta\":\"lo\",\"index\":1}\n\ndata: [DONE]\n\n", "text/event-stream"));
        using HttpClient http = server.CreateHttpClient();

        List<ServerSentEvent<ChatChunk>> events = await Client(http).StreamChatEventsAsync(new ChatRequest { Prompt = "hi" }).ToListAsync();

        Assert.Equal(2, events.Count);
        Assert.Equal(("chunk", "Hel", "7", TimeSpan.FromMilliseconds(1500)), (events[0].EventType, events[0].Data.Delta, events[0].Id, events[0].Retry));
        Assert.Equal(("message", "lo", "7"), (events[1].EventType, events[1].Data.Delta, events[1].Id));
        Assert.Equal("""{"prompt":"hi"}""", server.Single.BodyText);
    }

    [Fact]
    public async Task The_events_method_of_a_text_server_sent_event_operation_yields_each_event_with_its_data_as_text()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Body(200, "event: tick\ndata: one\n\nid: 2\ndata: two\ndata: lines\n\n", "text/event-stream"));
        using HttpClient http = server.CreateHttpClient();

        List<ServerSentEvent<string>> events = await Client(http).TicksEventsAsync().ToListAsync();

        Assert.Equal([("tick", "one", null), ("message", "two\nlines", "2")], events.Select(e => (e.EventType, e.Data, e.Id)));
    }

    [Fact]
    public async Task A_declared_error_of_a_streaming_operation_is_thrown_typed_before_any_item()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(429, """{"title":"slow down"}"""));
        using HttpClient http = server.CreateHttpClient();

        ApiException<Problem> error = await Assert.ThrowsAsync<ApiException<Problem>>(() => Client(http).StreamChatAsync(new ChatRequest { Prompt = "hi" }).ToListAsync().AsTask());

        Assert.Equal("slow down", error.Error.Title);
    }

    [Fact]
    public async Task Server_sent_events_with_a_string_schema_yield_the_data_as_text()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Body(200, "data: one\n\ndata: two\ndata: lines\n\n", "text/event-stream"));
        using HttpClient http = server.CreateHttpClient();

        List<string> ticks = await Client(http).TicksAsync().ToListAsync();

        Assert.Equal(["one", "two\nlines"], ticks);
    }

    [Fact]
    public async Task A_json_lines_operation_yields_the_array_schemas_items_as_they_arrive()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(
            Responses.Chunked(TimeSpan.FromMilliseconds(10), "{\"level\":\"info\",\"message\":\"start\"}\n\n{\"level\":\"wa", "rn\",\"message\":\"caf\u00e9\"}\n"));
        using HttpClient http = server.CreateHttpClient();

        List<LogRecord> records = await Client(http).FollowLogsAsync(since: 5).ToListAsync();

        Assert.Equal(["start", "caf\u00e9"], records.Select(r => r.Message));
        Assert.Equal("?since=5", server.Single.RawQuery);
        Assert.Equal("application/x-ndjson", server.Single.Header("Accept"));
    }

    [Fact]
    public async Task A_json_text_sequence_operation_yields_each_record()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(
            Responses.Body(200, "\u001e{\"level\":\"a\",\"message\":\"1\"}\n\u001e{\"level\":\"b\",\"message\":\"2\"}\n", "application/json-seq"));
        using HttpClient http = server.CreateHttpClient();

        List<LogRecord> records = await Client(http).ReadRecordsAsync().ToListAsync();

        Assert.Equal(["a", "b"], records.Select(r => r.Level));
    }

    [Fact]
    public async Task A_binary_download_is_a_stream_read_from_the_connection()
    {
        byte[] bytes = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
        await using LoopbackServer server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(bytes);
        });
        using HttpClient http = server.CreateHttpClient();

        await using Stream file = await Client(http).DownloadFileAsync("data.bin");
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy);

        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal("/files/data.bin", server.Single.RawPath);
        Assert.Equal("application/octet-stream", server.Single.Header("Accept"));
    }

    [Fact]
    public async Task A_binary_upload_sends_the_stream_with_its_media_type()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Status(204));
        using HttpClient http = server.CreateHttpClient();
        using var body = new MemoryStream([1, 2, 3, 250]);

        await Client(http).UploadFileAsync("data.bin", body);

        Assert.Equal("PUT", server.Single.Method);
        Assert.Equal(new byte[] { 1, 2, 3, 250 }, server.Single.Body);
        Assert.Equal("application/octet-stream", server.Single.Header("Content-Type"));
        Assert.True(body.CanRead);
    }

    [Fact]
    public async Task A_form_body_is_sent_url_encoded_from_the_typed_model()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, """{"token":"t-1"}"""));
        using HttpClient http = server.CreateHttpClient();

        Token token = await Client(http).LoginAsync(new Credentials { User = "ann", Password = "p&s=w rd", Scopes = ["read", "write"], Remember = true });

        Assert.Equal("t-1", token.TokenValue);
        Assert.Equal("user=ann&password=p%26s%3Dw+rd&scopes=read&scopes=write&remember=true", server.Single.BodyText);
        Assert.StartsWith("application/x-www-form-urlencoded", server.Single.Header("Content-Type"));
    }

    [Fact]
    public async Task A_multipart_form_sends_each_set_property_as_a_typed_part()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Status(204));
        using HttpClient http = server.CreateHttpClient();
        using var image = new MemoryStream([137, 80, 78, 71]);

        await Client(http).UploadAvatarAsync(new UploadAvatarForm
        {
            User = "ann",
            Image = new FormFile(image, "a.png", "image/png"),
            Size = 4,
            Tags = ["round", "small"],
            Crop = new UploadAvatarFormCrop { X = 1, Y = 2 },
        });

        List<MultipartPart> form = await MultipartParts.ReadAsync(server.Single);
        Assert.StartsWith("multipart/form-data; boundary=", server.Single.Header("Content-Type"));
        Assert.Equal(["user", "image", "size", "tags", "tags", "crop"], form.Select(p => p.Name));
        Assert.Equal("ann", form[0].Text);
        Assert.Equal(("a.png", "image/png"), (form[1].FileName, form[1].ContentType));
        Assert.Equal(new byte[] { 137, 80, 78, 71 }, form[1].Body);
        Assert.Equal(["4", "round", "small"], form.Skip(2).Take(3).Select(p => p.Text));
        Assert.Equal(("application/json", """{"x":1,"y":2}"""), (form[5].ContentType, form[5].Text));
        Assert.True(image.CanRead);
    }

    [Fact]
    public async Task A_multipart_form_without_a_required_part_fails_naming_it_before_sending()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Status(204));
        using HttpClient http = server.CreateHttpClient();

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => Client(http).UploadAvatarAsync(new UploadAvatarForm { User = "ann" }));

        Assert.Contains("'image' is required", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_multipart_body_is_sent_as_the_content_the_caller_builds()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Status(204));
        using HttpClient http = server.CreateHttpClient();
        using var form = new MultipartFormDataContent("boundary-1") { { new StringContent("ann"), "user" }, { new ByteArrayContent([137, 80]), "image", "a.png" } };

        await Client(http).UploadAvatarAsync(form);

        Assert.StartsWith("multipart/form-data; boundary=", server.Single.Header("Content-Type"));
        Assert.Contains("name=user", server.Single.BodyText);
    }
}
