using System.Globalization;
using SliceClientGen.Runtime.Http;
using SliceClientGen.Runtime.Paging;
using SliceClientGen.Watch.Tests.Infrastructure;
using SliceClientGen.Watch.Tests.Kube;
using Xunit;
using static SliceClientGen.Watch.Tests.Infrastructure.TestHelpers;

namespace SliceClientGen.Watch.Tests;

/// <summary>Continue-token paging against the fake API server.</summary>
public sealed class PagingTests
{
    private const string WebSelector = KubeJson.ServiceNameLabel + "=web";

    /// <summary>Creates <paramref name="count"/> slices in a shuffled order across three namespaces; returns their keys in the server's (namespace/name) order.</summary>
    private static List<string> Populate(FakeKubeApi fake, int count, Func<int, string>? service = null)
    {
        string[] namespaces = { "default", "kube-system", "prod" };
        var random = new Random(7);
        foreach (int i in Enumerable.Range(0, count).OrderBy(_ => random.Next()))
        {
            fake.Upsert(namespaces[i % 3], "slice-" + i.ToString("D4", CultureInfo.InvariantCulture), service?.Invoke(i) ?? "web");
        }

        return Enumerable.Range(0, count)
            .Where(i => service is null || service(i) == "web")
            .Select(i => namespaces[i % 3] + "/slice-" + i.ToString("D4", CultureInfo.InvariantCulture))
            .OrderBy(k => k, StringComparer.Ordinal)
            .ToList();
    }

    [Fact]
    public async Task A_thousand_items_in_pages_of_seven_arrive_once_in_order_with_one_request_per_page()
    {
        await using FakeKubeApi fake = await FakeKubeApi.StartAsync();
        List<string> expected = Populate(fake, 1000);
        (EndpointSlicesClient client, HttpClient http) = fake.Server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        List<EndpointSlice> items = await client.EnumerateEndpointSlicesAllNamespacesAsync(pageSize: 7, cancellationToken: guard.Token).ToListAsync(guard.Token);

        Assert.Equal(expected, items.Select(Key));
        IReadOnlyList<RecordedRequest> requests = fake.ListRequests;
        Assert.Equal(143, requests.Count);
        IReadOnlyList<string> issued = fake.IssuedContinueTokens;
        Assert.Equal(string.Empty, issued[^1]);
        for (int i = 0; i < requests.Count; i++)
        {
            Assert.Equal("/apis/discovery.k8s.io/v1/endpointslices", requests[i].Path);
            Assert.Equal("7", requests[i]["limit"]);
            Assert.Equal(i == 0 ? null : issued[i - 1], requests[i]["continue"]);
        }
    }

    [Fact]
    public async Task The_label_selector_is_sent_with_every_page()
    {
        await using FakeKubeApi fake = await FakeKubeApi.StartAsync();
        List<string> expected = Populate(fake, 60, i => i % 2 == 0 ? "web" : "api");
        (EndpointSlicesClient client, HttpClient http) = fake.Server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        List<EndpointSlice> items = await client.EnumerateEndpointSlicesAllNamespacesAsync(labelSelector: WebSelector, pageSize: 4, cancellationToken: guard.Token).ToListAsync(guard.Token);

        Assert.Equal(expected, items.Select(Key));
        Assert.All(items, s => Assert.Equal("web", s.Metadata!.Labels![KubeJson.ServiceNameLabel]));
        Assert.Equal(8, fake.ListRequests.Count);
        Assert.All(fake.ListRequests, r => Assert.Equal(WebSelector, r["labelSelector"]));
    }

    [Fact]
    public async Task The_namespaced_enumeration_pages_through_one_namespace_only()
    {
        await using FakeKubeApi fake = await FakeKubeApi.StartAsync();
        List<string> all = Populate(fake, 30);
        (EndpointSlicesClient client, HttpClient http) = fake.Server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        List<EndpointSlice> items = await client.EnumerateNamespacedEndpointSlicesAsync("prod", pageSize: 3, cancellationToken: guard.Token).ToListAsync(guard.Token);

        Assert.Equal(all.Where(k => k.StartsWith("prod/", StringComparison.Ordinal)), items.Select(Key));
        Assert.Equal(4, fake.ListRequests.Count);
        Assert.All(fake.ListRequests, r => Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices", r.Path));
    }

    [Fact]
    public async Task Cancelling_after_the_second_page_sends_no_further_request()
    {
        await using FakeKubeApi fake = await FakeKubeApi.StartAsync();
        Populate(fake, 30);
        (EndpointSlicesClient client, HttpClient http) = fake.Server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource cancel = GuardToken();
        int seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (EndpointSlice _ in client.EnumerateEndpointSlicesAllNamespacesAsync(pageSize: 7, cancellationToken: cancel.Token))
            {
                if (++seen == 14)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(14, seen);
        Assert.Equal(2, fake.ListRequests.Count);
    }

    [Fact]
    public async Task Cancelling_in_the_middle_of_a_page_stops_at_the_next_item()
    {
        await using FakeKubeApi fake = await FakeKubeApi.StartAsync();
        Populate(fake, 30);
        (EndpointSlicesClient client, HttpClient http) = fake.Server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource cancel = GuardToken();
        int seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (EndpointSlice _ in client.EnumerateEndpointSlicesAllNamespacesAsync(pageSize: 7, cancellationToken: cancel.Token))
            {
                if (++seen == 3)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(3, seen);
        Assert.Single(fake.ListRequests);
    }

    [Fact]
    public async Task Cancelling_through_WithCancellation_also_stops_paging()
    {
        await using FakeKubeApi fake = await FakeKubeApi.StartAsync();
        Populate(fake, 30);
        (EndpointSlicesClient client, HttpClient http) = fake.Server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource cancel = GuardToken();
        int seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (EndpointSlice _ in client.EnumerateEndpointSlicesAllNamespacesAsync(pageSize: 7).WithCancellation(cancel.Token))
            {
                if (++seen == 7)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(7, seen);
        Assert.Single(fake.ListRequests);
    }

    [Fact]
    public async Task The_next_page_is_requested_only_when_the_caller_pulls_past_the_current_one()
    {
        await using FakeKubeApi fake = await FakeKubeApi.StartAsync();
        List<string> expected = Populate(fake, 30);
        (EndpointSlicesClient client, HttpClient http) = fake.Server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        await using IAsyncEnumerator<EndpointSlice> items = client.EnumerateEndpointSlicesAllNamespacesAsync(pageSize: 7, cancellationToken: guard.Token).GetAsyncEnumerator(guard.Token);
        for (int i = 0; i < 7; i++)
        {
            Assert.True(await items.MoveNextAsync());
            Assert.Equal(expected[i], Key(items.Current));
        }

        Assert.Single(fake.ListRequests);
        Assert.True(await items.MoveNextAsync());
        Assert.Equal(expected[7], Key(items.Current));
        Assert.Equal(2, fake.ListRequests.Count);
    }

    [Fact]
    public async Task Each_page_exposes_its_resourceVersion_and_remainingItemCount()
    {
        await using FakeKubeApi fake = await FakeKubeApi.StartAsync();
        Populate(fake, 30);
        string snapshot = fake.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        (EndpointSlicesClient client, HttpClient http) = fake.Server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        var pages = new List<EndpointSliceList>();
        await foreach (EndpointSliceList page in client.EnumerateEndpointSlicesAllNamespacesPagesAsync(pageSize: 7, cancellationToken: guard.Token))
        {
            pages.Add(page);
            if (pages.Count == 1)
            {
                // A change between pages: the later pages still come from (and report) the first page's snapshot.
                fake.Upsert("default", "slice-0000");
            }
        }

        Assert.Equal(new[] { 7, 7, 7, 7, 2 }, pages.Select(p => p.Items.Count));
        Assert.Equal(new int?[] { 23, 16, 9, 2, null }, pages.Select(p => p.Metadata!.RemainingItemCount));
        Assert.All(pages, p => Assert.Equal(snapshot, p.Metadata!.ResourceVersion));
        Assert.NotEqual(snapshot, fake.ResourceVersion.ToString(CultureInfo.InvariantCulture));
        Assert.All(pages.Take(4), p => Assert.False(string.IsNullOrEmpty(p.Metadata!.Continue)));
        Assert.True(string.IsNullOrEmpty(pages[^1].Metadata!.Continue));
    }

    [Fact]
    public async Task An_expired_continue_token_throws_by_default_after_the_earlier_pages_items()
    {
        await using FakeKubeApi fake = await FakeKubeApi.StartAsync();
        List<string> expected = Populate(fake, 30);
        (EndpointSlicesClient client, HttpClient http) = fake.Server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();
        var items = new List<EndpointSlice>();

        ApiException error = await Assert.ThrowsAnyAsync<ApiException>(async () =>
        {
            await foreach (EndpointSlice slice in client.EnumerateEndpointSlicesAllNamespacesAsync(pageSize: 7, cancellationToken: guard.Token))
            {
                items.Add(slice);
                if (items.Count == 14)
                {
                    fake.Compact();
                }
            }
        });

        Assert.True(error.IsExpired);
        Assert.Contains("\"reason\":\"Expired\"", error.ResponseBody, StringComparison.Ordinal);
        Assert.Equal(expected.Take(14), items.Select(Key));
        Assert.Equal(3, fake.ListRequests.Count);
    }

    [Fact]
    public async Task An_expired_continue_token_with_ContinueInconsistent_goes_on_with_the_fresh_token_and_yields_every_item_once()
    {
        await using FakeKubeApi fake = await FakeKubeApi.StartAsync();
        List<string> expected = Populate(fake, 30);
        (EndpointSlicesClient client, HttpClient http) = fake.Server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();
        var items = new List<EndpointSlice>();

        await foreach (EndpointSlice slice in client.EnumerateEndpointSlicesAllNamespacesAsync(
            pageSize: 7, pagingOptions: new PagingOptions { OnExpired = ExpiredContinuePolicy.ContinueInconsistent }, cancellationToken: guard.Token))
        {
            items.Add(slice);
            if (items.Count == 14)
            {
                fake.Compact();
            }
        }

        Assert.Equal(expected, items.Select(Key));
        IReadOnlyList<RecordedRequest> requests = fake.ListRequests;
        Assert.Equal(6, requests.Count);   // 5 pages and the one refused with 410
        Assert.True(FakeKubeApi.ContinueToken.TryDecode(requests[2]["continue"]!, out string expiredAfter, out long expiredAt));
        Assert.True(FakeKubeApi.ContinueToken.TryDecode(requests[3]["continue"]!, out string freshAfter, out long freshAt));
        Assert.Equal(expected[13], expiredAfter);
        Assert.Equal(expected[13], freshAfter);
        Assert.True(freshAt > expiredAt);
        Assert.Equal(fake.ResourceVersion, freshAt);
    }

    [Fact]
    public async Task ListEndpointSlicesAllNamespaces_sends_continue_although_the_document_does_not_declare_it()
    {
        await using FakeKubeApi fake = await FakeKubeApi.StartAsync();
        List<string> expected = Populate(fake, 10);
        (EndpointSlicesClient client, HttpClient http) = fake.Server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        EndpointSliceList first = await client.ListEndpointSlicesAllNamespacesAsync(limit: 4, cancellationToken: guard.Token);
        EndpointSliceList second = await client.ListEndpointSlicesAllNamespacesAsync(limit: 4, @continue: first.Metadata!.Continue, cancellationToken: guard.Token);

        Assert.False(string.IsNullOrEmpty(first.Metadata.Continue));
        Assert.Equal(first.Metadata.Continue, fake.ListRequests[1]["continue"]);
        Assert.Equal(expected.Take(4), first.Items.Select(Key));
        Assert.Equal(expected.Skip(4).Take(4), second.Items.Select(Key));
    }
}
