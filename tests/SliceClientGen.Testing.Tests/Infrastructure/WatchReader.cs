using System.Text.Json.Nodes;

namespace SliceClientGen.Testing.Tests.Infrastructure;

/// <summary>Reads a raw watch response line by line: each line one event.</summary>
internal sealed class WatchReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private WatchReader(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        _reader = new StreamReader(stream);
    }

    public int StatusCode => (int)_response.StatusCode;

    public static async Task<WatchReader> OpenAsync(TestServer server, string pathAndQuery)
    {
        HttpResponseMessage response = await server.Http.GetAsync(pathAndQuery, HttpCompletionOption.ResponseHeadersRead);
        return new WatchReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event, or null at the end of the stream.</summary>
    public async Task<JsonObject?> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        string? line = await _reader.ReadLineAsync(cancel.Token);
        return line is null ? null : JsonNode.Parse(line)!.AsObject();
    }

    public async Task<string> NextSummaryAsync()
    {
        JsonObject e = await NextAsync() ?? throw new EndOfStreamException("The watch ended.");
        return Summary(e);
    }

    public static string Summary(JsonObject e) =>
        e["type"]!.GetValue<string>() + " " + (e["object"]!["metadata"]!["name"]?.GetValue<string>() ?? e["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
