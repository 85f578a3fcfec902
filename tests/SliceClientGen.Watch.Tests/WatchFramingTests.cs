using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SliceClientGen.Runtime.Watch;
using SliceClientGen.Watch.Tests.Infrastructure;
using SliceClientGen.Watch.Tests.Kube;
using static SliceClientGen.Watch.Tests.Infrastructure.TestHelpers;

namespace SliceClientGen.Watch.Tests;

/// <summary>How watch events are cut out of the bytes a scripted server sends, however they are chunked.</summary>
public sealed class WatchFramingTests
{
    private static readonly WatchOptions OneStream = new() { Resume = false };

    private static string SliceEvent(string type, string name, long resourceVersion, int endpoints = 1) =>
        KubeJson.Event(type, KubeJson.SliceObject("default", name, resourceVersion.ToString(CultureInfo.InvariantCulture), endpoints: endpoints));

    /// <summary>Streams the given chunks (each written and flushed on its own, with a pause between), then ends.</summary>
    private static Func<HttpContext, Task> Chunks(params byte[][] chunks) => async context =>
    {
        await Responses.StartStreamAsync(context);
        foreach (byte[] chunk in chunks)
        {
            await Responses.WriteChunkAsync(context, chunk);
            await Task.Delay(15, context.RequestAborted);
        }
    };

    private static async Task<List<WatchEvent<EndpointSlice>>> WatchOneStreamAsync(LoopbackServer server)
    {
        (EndpointSlicesClient client, HttpClient http) = server.CreateClient();
        using (http)
        {
            using CancellationTokenSource guard = GuardToken();
            return await client.WatchEndpointSlicesAllNamespacesAsync(watchOptions: OneStream, cancellationToken: guard.Token).ToListAsync(guard.Token);
        }
    }

    [Fact]
    public async Task Repeated_strings_share_one_instance_across_the_events_of_one_watch_stream()
    {
        byte[] first = KubeJson.Utf8(SliceEvent("ADDED", "a", 11, endpoints: 3));
        byte[] second = KubeJson.Utf8(SliceEvent("MODIFIED", "b", 12, endpoints: 3));
        await using LoopbackServer server = await LoopbackServer.StartAsync(Chunks(first, second));

        List<WatchEvent<EndpointSlice>> events = await WatchOneStreamAsync(server);

        // One read context per stream: a zone or node name read again in a later event is the same string object.
        Kube.Endpoint early = events[0].Object.Endpoints[1];
        Kube.Endpoint late = events[1].Object.Endpoints[1];
        Assert.Equal(early.Zone, late.Zone);
        Assert.Same(early.Zone, late.Zone);
        Assert.Same(early.NodeName, late.NodeName);
    }

    [Fact]
    public async Task Events_split_across_chunks_and_in_the_middle_of_an_event_are_parsed_whole()
    {
        byte[] first = KubeJson.Utf8(SliceEvent("ADDED", "a", 11));
        byte[] second = KubeJson.Utf8(SliceEvent("MODIFIED", "b", 12));
        // The third event's name has a two-byte UTF-8 character, and one chunk boundary falls inside it.
        byte[] third = KubeJson.Utf8(SliceEvent("DELETED", "caf\u00e9", 13));
        int insideE9 = Array.IndexOf(third, (byte)0xC3) + 1;
        Assert.True(insideE9 > 0);

        await using LoopbackServer server = await LoopbackServer.StartAsync(Chunks(
            first,
            second[..(second.Length / 2)],
            second[(second.Length / 2)..],
            third[..1],
            third[1..insideE9],
            third[insideE9..(third.Length - 2)],
            third[(third.Length - 2)..]));

        List<WatchEvent<EndpointSlice>> events = await WatchOneStreamAsync(server);

        Assert.Equal(
            new[] { ("ADDED", (string?)"a", (string?)"11"), ("MODIFIED", "b", "12"), ("DELETED", "caf\u00e9", "13") },
            events.Select(Identity));
        Assert.All(events, e => Assert.Equal("10.0.0.0", e.Object.Endpoints.Single().Addresses.Single()));
    }

    [Fact]
    public async Task Two_events_in_one_chunk_without_a_newline_and_blank_lines_between_events_parse_the_same()
    {
        string[] events = { SliceEvent("ADDED", "a", 21), SliceEvent("ADDED", "b", 22), SliceEvent("MODIFIED", "a", 23), SliceEvent("DELETED", "b", 24) };
        await using LoopbackServer lineByLine = await LoopbackServer.StartAsync(Chunks(events.Select(KubeJson.Utf8).ToArray()));
        await using LoopbackServer irregular = await LoopbackServer.StartAsync(Chunks(
            KubeJson.Utf8(events[0].TrimEnd('\n') + events[1].TrimEnd('\n')),
            KubeJson.Utf8("\n\n\r\n   \t\n" + events[2] + "\n\n\n"),
            KubeJson.Utf8("\r\n" + events[3].TrimEnd('\n')),
            KubeJson.Utf8("\n \n")));

        List<WatchEvent<EndpointSlice>> expected = await WatchOneStreamAsync(lineByLine);
        List<WatchEvent<EndpointSlice>> actual = await WatchOneStreamAsync(irregular);

        Assert.Equal(new[] { ("ADDED", (string?)"a", (string?)"21"), ("ADDED", "b", "22"), ("MODIFIED", "a", "23"), ("DELETED", "b", "24") }, expected.Select(Identity));
        Assert.Equal(expected.Select(Identity), actual.Select(Identity));
    }

    [Fact]
    public async Task The_object_may_come_before_the_type_and_unknown_event_fields_are_ignored()
    {
        string slice = KubeJson.SliceObject("default", "a", "25").ToJsonString();
        await using LoopbackServer server = await LoopbackServer.StartAsync(Chunks(
            KubeJson.Utf8("{\"object\":" + slice + ",\"type\":\"MODIFIED\"}\n"),
            KubeJson.Utf8("{\"type\":\"DELETED\",\"extra\":{\"nested\":[1,{\"type\":\"ADDED\"}]},\"object\":" + slice + "}\n")));

        List<WatchEvent<EndpointSlice>> events = await WatchOneStreamAsync(server);

        Assert.Equal(new[] { ("MODIFIED", (string?)"a", (string?)"25"), ("DELETED", "a", "25") }, events.Select(Identity));
    }

    [Fact]
    public async Task Ten_thousand_small_events_arrive_complete_and_in_order()
    {
        const int count = 10_000;
        await using LoopbackServer server = await LoopbackServer.StartAsync(async context =>
        {
            await Responses.StartStreamAsync(context);
            var batch = new StringBuilder();
            for (int i = 0; i < count; i++)
            {
                batch.Append(KubeJson.Event("ADDED", KubeJson.SmallSlice("s-" + i.ToString("D5", CultureInfo.InvariantCulture), (i + 1).ToString(CultureInfo.InvariantCulture))));
                if (i % 250 == 249)
                {
                    await Responses.WriteChunkAsync(context, batch.ToString());
                    batch.Clear();
                }
            }
        });

        List<WatchEvent<EndpointSlice>> events = await WatchOneStreamAsync(server);

        Assert.Equal(count, events.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => "s-" + i.ToString("D5", CultureInfo.InvariantCulture)), events.Select(e => e.Object.Metadata!.Name));
        Assert.Equal(Enumerable.Range(1, count).Select(i => i.ToString(CultureInfo.InvariantCulture)), events.Select(e => e.ResourceVersion));
    }

    [Fact]
    public async Task A_500_KB_event_is_parsed_intact()
    {
        const int endpoints = 2_600;
        byte[] big = KubeJson.Utf8(SliceEvent("MODIFIED", "huge", 31, endpoints));
        Assert.True(big.Length >= 500 * 1024, "the event is " + big.Length + " bytes");
        var chunks = big.Chunk(16 * 1024).Append(KubeJson.Utf8(SliceEvent("ADDED", "after", 32))).ToArray();
        await using LoopbackServer server = await LoopbackServer.StartAsync(async context =>
        {
            await Responses.StartStreamAsync(context);
            foreach (byte[] chunk in chunks)
            {
                await Responses.WriteChunkAsync(context, chunk);
            }
        });

        List<WatchEvent<EndpointSlice>> events = await WatchOneStreamAsync(server);

        Assert.Equal(new[] { ("MODIFIED", (string?)"huge", (string?)"31"), ("ADDED", "after", "32") }, events.Select(Identity));
        EndpointSlice slice = events[0].Object;
        Assert.Equal(endpoints, slice.Endpoints.Count);
        Assert.Equal("10.0.10.39", slice.Endpoints[^1].Addresses.Single());
        Assert.Equal("huge-pod-" + (endpoints - 1), slice.Endpoints[^1].TargetRef!.Name);
        Assert.All(slice.Endpoints, e => Assert.True(e.Conditions!.Ready));
    }

    [Fact]
    public async Task An_unknown_event_type_passes_through_with_its_value()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Chunks(
            KubeJson.Utf8(SliceEvent("SYNCED", "a", 41)),
            KubeJson.Utf8(SliceEvent("ADDED", "b", 42))));

        List<WatchEvent<EndpointSlice>> events = await WatchOneStreamAsync(server);

        Assert.Equal(2, events.Count);
        Assert.False(events[0].Type.IsKnown);
        Assert.Equal("SYNCED", events[0].Type.Value);
        Assert.Equal(new WatchEventType("SYNCED"), events[0].Type);
        Assert.Equal("a", events[0].Object.Metadata!.Name);
        Assert.Equal("41", events[0].ResourceVersion);
        Assert.True(events[1].Type.IsKnown);
        Assert.Equal(WatchEventType.Added, events[1].Type);
    }

    [Fact]
    public async Task A_bookmark_with_only_kind_apiVersion_and_resourceVersion_parses_and_marks_the_initial_events_end()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Chunks(
            KubeJson.Utf8(KubeJson.Event("BOOKMARK", KubeJson.BookmarkObject("12345", initialEventsEnd: true))),
            KubeJson.Utf8(KubeJson.Event("BOOKMARK", KubeJson.BookmarkObject("12346")))));

        List<WatchEvent<EndpointSlice>> events = await WatchOneStreamAsync(server);

        Assert.Equal(2, events.Count);
        WatchEvent<EndpointSlice> end = events[0];
        Assert.Equal(WatchEventType.Bookmark, end.Type);
        Assert.True(end.IsInitialEventsEnd);
        Assert.Equal("12345", end.ResourceVersion);
        Assert.Equal("12345", end.Object.Metadata!.ResourceVersion);
        Assert.Null(end.Object.Metadata.Name);
        Assert.Empty(end.Object.Endpoints);
        Assert.False(events[1].IsInitialEventsEnd);
        Assert.Equal("12346", events[1].ResourceVersion);
    }

    [Fact]
    public async Task The_first_event_is_yielded_as_soon_as_it_arrives_without_waiting_for_the_stream_to_end()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using LoopbackServer server = await LoopbackServer.StartAsync(async context =>
        {
            await Responses.StartStreamAsync(context);
            await Responses.WriteChunkAsync(context, SliceEvent("ADDED", "first", 51));
            await release.Task.WaitAsync(context.RequestAborted);
            await Responses.WriteChunkAsync(context, SliceEvent("ADDED", "second", 52));
        });
        (EndpointSlicesClient client, HttpClient http) = server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        await using IAsyncEnumerator<WatchEvent<EndpointSlice>> events = client
            .WatchEndpointSlicesAllNamespacesAsync(watchOptions: OneStream, cancellationToken: guard.Token)
            .GetAsyncEnumerator(guard.Token);

        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Guard));
        Assert.Equal("first", events.Current.Object.Metadata!.Name);
        Assert.False(server.Requests.Single().Ended.IsCompleted, "the server is still holding the stream open");

        release.SetResult();
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("second", events.Current.Object.Metadata!.Name);
        Assert.False(await events.MoveNextAsync());
    }

    [Fact]
    public async Task A_watch_asks_for_watch_true_bookmarks_and_a_randomized_timeout_of_5_to_10_minutes()
    {
        long version = 60;
        await using LoopbackServer server = await LoopbackServer.StartAsync(async context =>
        {
            await Responses.StartStreamAsync(context);
            await Responses.WriteChunkAsync(context, SliceEvent("ADDED", "s", Interlocked.Increment(ref version)));
        });
        (EndpointSlicesClient client, HttpClient http) = server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        List<WatchEvent<EndpointSlice>> events = await client
            .WatchNamespacedEndpointSlicesAsync("default", resourceVersion: "60", watchOptions: FastOptions(), cancellationToken: guard.Token)
            .Take(5)
            .ToListAsync(guard.Token);

        Assert.Equal(5, events.Count);
        IReadOnlyList<RecordedRequest> requests = server.Requests;
        Assert.True(requests.Count >= 5);
        Assert.All(requests, request =>
        {
            Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices", request.Path);
            Assert.Equal("true", request["watch"]);
            Assert.Equal("true", request["allowWatchBookmarks"]);
            int timeout = int.Parse(request["timeoutSeconds"]!, CultureInfo.InvariantCulture);
            Assert.InRange(timeout, 300, 600);
        });
        Assert.Equal("60", requests[0]["resourceVersion"]);
        Assert.Equal("61", requests[1]["resourceVersion"]);
    }

    [Fact]
    public async Task A_malformed_event_throws_a_JsonException_naming_the_event_number_instead_of_hanging()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(async context =>
        {
            await Responses.StartStreamAsync(context);
            await Responses.WriteChunkAsync(context, SliceEvent("ADDED", "good", 71));
            await Responses.WriteChunkAsync(context, "{\"type\":\"ADDED\",\"object\":{bad json}\n");
            await Responses.HoldOpenAsync(context);
        });
        (EndpointSlicesClient client, HttpClient http) = server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();
        var received = new List<WatchEvent<EndpointSlice>>();

        // The server holds the stream open after the malformed event: waiting for more bytes would end only with
        // the guard's cancellation, an OperationCanceledException.
        JsonException error = await Assert.ThrowsAnyAsync<JsonException>(async () =>
        {
            await foreach (WatchEvent<EndpointSlice> e in client.WatchEndpointSlicesAllNamespacesAsync(cancellationToken: guard.Token))
            {
                received.Add(e);
            }
        });

        Assert.Equal("good", Assert.Single(received).Object.Metadata!.Name);
        Assert.Contains("event #2", error.Message, StringComparison.Ordinal);
        Assert.Contains("{bad json}", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_stream_that_ends_inside_an_event_without_resume_throws_EndOfStreamException()
    {
        string whole = SliceEvent("ADDED", "cut", 81);
        await using LoopbackServer server = await LoopbackServer.StartAsync(Chunks(
            KubeJson.Utf8(SliceEvent("ADDED", "whole", 80)),
            KubeJson.Utf8(whole[..(whole.Length / 2)])));
        (EndpointSlicesClient client, HttpClient http) = server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        EndOfStreamException error = await Assert.ThrowsAsync<EndOfStreamException>(async () =>
        {
            await foreach (WatchEvent<EndpointSlice> e in client.WatchEndpointSlicesAllNamespacesAsync(watchOptions: OneStream, cancellationToken: guard.Token))
            {
                Assert.Equal("whole", e.Object.Metadata!.Name);
            }
        });

        Assert.Contains("event #2", error.Message, StringComparison.Ordinal);
    }
}
