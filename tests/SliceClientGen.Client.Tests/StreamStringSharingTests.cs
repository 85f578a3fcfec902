using System.Text.Json;
using SliceClientGen.Runtime.Serialization;

namespace SliceClientGen.Client.Tests;

/// <summary>
/// One read renews a shared string once its instance is 65,536 strings old (so an object's strings stay near it in
/// memory); the context of a stream (watch events, streamed frames) keeps one instance per value for the whole stream.
/// </summary>
public sealed class StreamStringSharingTests
{
    [Fact]
    public void A_stream_context_keeps_one_instance_of_a_value_past_the_window_at_which_one_read_renews_it()
    {
        // "node-a", 70,000 other strings (two values), "node-a" again.
        var values = new List<string> { "node-a" };
        values.AddRange(Enumerable.Range(0, 70_000).Select(i => "other-" + (i % 2)));
        values.Add("node-a");
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(values);

        List<string> inStream = Read(json, JsonReadContext.ForStream());
        List<string> inOneRead = Read(json, new JsonReadContext());

        Assert.Equal(values, inStream);
        Assert.Same(inStream[0], inStream[^1]);
        Assert.Equal(values, inOneRead);
        Assert.NotSame(inOneRead[0], inOneRead[^1]);
    }

    private static List<string> Read(byte[] json, JsonReadContext context)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return JsonModelReader.ReadList<string>(ref reader, JsonSerializerOptions.Default, context, JsonModelReader.ReadStringValue);
    }
}
