using System.Globalization;
using SliceClientGen.Runtime.Http;
using SliceClientGen.Runtime.Paging;
using SliceClientGen.Testing;
using SliceClientGen.Watch.Tests.Infrastructure;
using SliceClientGen.Watch.Tests.Kube;
using static SliceClientGen.Watch.Tests.Infrastructure.TestHelpers;

namespace SliceClientGen.Watch.Tests;

/// <summary>Continue-token paging against the cluster API server.</summary>
public sealed class PagingTests
{
    private const string WebSelector = KubeJson.ServiceNameLabel + "=web";

    /// <summary>Creates <paramref name="count"/> slices in a shuffled order across three namespaces; returns their keys in the server's (namespace/name) order.</summary>
    private static List<string> Populate(Cluster cluster, int count, Func<int, string>? service = null)
    {
        string[] namespaces = { "default", "kube-system", "prod" };
        var random = new Random(7);
        foreach (int i in Enumerable.Range(0, count).OrderBy(_ => random.Next()))
        {
            cluster.Upsert(namespaces[i % 3], "slice-" + i.ToString("D4", CultureInfo.InvariantCulture), service?.Invoke(i) ?? "web");
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
        await using Cluster cluster = await Cluster.StartAsync();
        List<string> expected = Populate(cluster, 1000);
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        List<EndpointSlice> items = await client.EnumerateEndpointSlicesAllNamespacesAsync(pageSize: 7, cancellationToken: guard.Token).ToListAsync(guard.Token);

        Assert.Equal(expected, items.Select(Key));
        IReadOnlyList<ServerRequest> requests = cluster.ListRequests;
        Assert.Equal(143, requests.Count);
        Assert.All(requests, r => Assert.Equal(("/apis/discovery.k8s.io/v1/endpointslices", "7", 200), (r.Path, r["limit"], r.StatusCode)));
        Assert.Null(requests[0]["continue"]);
        Assert.Equal(requests.Count - 1, requests.Skip(1).Select(r => r["continue"]).Distinct().Count(t => !string.IsNullOrEmpty(t)));
    }

    [Fact]
    public async Task The_label_selector_is_sent_with_every_page()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        List<string> expected = Populate(cluster, 60, i => i % 2 == 0 ? "web" : "api");
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        List<EndpointSlice> items = await client.EnumerateEndpointSlicesAllNamespacesAsync(labelSelector: WebSelector, pageSize: 4, cancellationToken: guard.Token).ToListAsync(guard.Token);

        Assert.Equal(expected, items.Select(Key));
        Assert.All(items, s => Assert.Equal("web", s.Metadata!.Labels![KubeJson.ServiceNameLabel]));
        Assert.Equal(8, cluster.ListRequests.Count);
        Assert.All(cluster.ListRequests, r => Assert.Equal(WebSelector, r["labelSelector"]));
    }

    [Fact]
    public async Task The_namespaced_enumeration_pages_through_one_namespace_only()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        List<string> all = Populate(cluster, 30);
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        List<EndpointSlice> items = await client.EnumerateNamespacedEndpointSlicesAsync("prod", pageSize: 3, cancellationToken: guard.Token).ToListAsync(guard.Token);

        Assert.Equal(all.Where(k => k.StartsWith("prod/", StringComparison.Ordinal)), items.Select(Key));
        Assert.Equal(4, cluster.ListRequests.Count);
        Assert.All(cluster.ListRequests, r => Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices", r.Path));
    }

    [Fact]
    public async Task Cancelling_after_the_second_page_sends_no_further_request()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        Populate(cluster, 30);
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
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
        Assert.Equal(2, cluster.ListRequests.Count);
    }

    [Fact]
    public async Task Cancelling_in_the_middle_of_a_page_stops_at_the_next_item()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        Populate(cluster, 30);
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
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
        Assert.Single(cluster.ListRequests);
    }

    [Fact]
    public async Task Cancelling_through_WithCancellation_also_stops_paging()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        Populate(cluster, 30);
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
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
        Assert.Single(cluster.ListRequests);
    }

    [Fact]
    public async Task The_next_page_is_requested_only_when_the_caller_pulls_past_the_current_one()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        List<string> expected = Populate(cluster, 30);
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        await using IAsyncEnumerator<EndpointSlice> items = client.EnumerateEndpointSlicesAllNamespacesAsync(pageSize: 7, cancellationToken: guard.Token).GetAsyncEnumerator(guard.Token);
        for (int i = 0; i < 7; i++)
        {
            Assert.True(await items.MoveNextAsync());
            Assert.Equal(expected[i], Key(items.Current));
        }

        Assert.Single(cluster.ListRequests);
        Assert.True(await items.MoveNextAsync());
        Assert.Equal(expected[7], Key(items.Current));
        Assert.Equal(2, cluster.ListRequests.Count);
    }

    [Fact]
    public async Task Each_page_exposes_its_resourceVersion_and_remainingItemCount()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        Populate(cluster, 30);
        string snapshot = cluster.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        var pages = new List<EndpointSliceList>();
        await foreach (EndpointSliceList page in client.EnumerateEndpointSlicesAllNamespacesPagesAsync(pageSize: 7, cancellationToken: guard.Token))
        {
            pages.Add(page);
            if (pages.Count == 1)
            {
                // A change between pages: the later pages still come from (and report) the first page's snapshot.
                cluster.Upsert("default", "slice-0000");
            }
        }

        Assert.Equal(new[] { 7, 7, 7, 7, 2 }, pages.Select(p => p.Items.Count));
        Assert.Equal(new int?[] { 23, 16, 9, 2, null }, pages.Select(p => p.Metadata!.RemainingItemCount));
        Assert.All(pages, p => Assert.Equal(snapshot, p.Metadata!.ResourceVersion));
        Assert.NotEqual(snapshot, cluster.ResourceVersion.ToString(CultureInfo.InvariantCulture));
        Assert.All(pages.Take(4), p => Assert.False(string.IsNullOrEmpty(p.Metadata!.Continue)));
        Assert.True(string.IsNullOrEmpty(pages[^1].Metadata!.Continue));
    }

    [Fact]
    public async Task An_expired_continue_token_throws_by_default_after_the_earlier_pages_items()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        List<string> expected = Populate(cluster, 30);
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
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
                    cluster.Compact();
                }
            }
        });

        Assert.True(error.IsExpired);
        Assert.Contains("\"reason\":\"Expired\"", error.ResponseBody, StringComparison.Ordinal);
        Assert.Equal(expected.Take(14), items.Select(Key));
        Assert.Equal(3, cluster.ListRequests.Count);
    }

    [Fact]
    public async Task An_expired_continue_token_with_ContinueInconsistent_goes_on_with_the_fresh_token_and_yields_every_item_once()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        List<string> expected = Populate(cluster, 30);
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();
        var items = new List<EndpointSlice>();

        await foreach (EndpointSlice slice in client.EnumerateEndpointSlicesAllNamespacesAsync(
            pageSize: 7, pagingOptions: new PagingOptions { OnExpired = ExpiredContinuePolicy.ContinueInconsistent }, cancellationToken: guard.Token))
        {
            items.Add(slice);
            if (items.Count == 14)
            {
                cluster.Compact();
            }
        }

        Assert.Equal(expected, items.Select(Key));
        IReadOnlyList<ServerRequest> requests = cluster.ListRequests;
        Assert.Equal(new[] { 200, 200, 410, 200, 200, 200 }, requests.Select(r => r.StatusCode));   // 5 pages and the one refused with 410
        Assert.NotEqual(requests[2]["continue"], requests[3]["continue"]);   // the fresh token the 410 carried
    }

    [Fact]
    public async Task ListEndpointSlicesAllNamespaces_sends_continue_although_the_document_does_not_declare_it()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        List<string> expected = Populate(cluster, 10);
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        EndpointSliceList first = await client.ListEndpointSlicesAllNamespacesAsync(limit: 4, cancellationToken: guard.Token);
        EndpointSliceList second = await client.ListEndpointSlicesAllNamespacesAsync(limit: 4, @continue: first.Metadata!.Continue, cancellationToken: guard.Token);

        Assert.False(string.IsNullOrEmpty(first.Metadata.Continue));
        Assert.Equal(first.Metadata.Continue, cluster.ListRequests[1]["continue"]);
        Assert.Equal(expected.Take(4), first.Items.Select(Key));
        Assert.Equal(expected.Skip(4).Take(4), second.Items.Select(Key));
    }
}
