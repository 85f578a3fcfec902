using System.Text.Json.Nodes;
using SliceClientGen.Testing.Tests.Infrastructure;

namespace SliceClientGen.Testing.Tests;

/// <summary>deletecollection: DELETE on a collection with selectors.</summary>
public sealed class DeleteCollectionTests
{
    [Fact]
    public async Task DELETE_on_a_collection_deletes_what_the_label_selector_matches_in_that_namespace_and_returns_it()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "web-1", service: "web");
        server.Seed("shop", "web-2", service: "web");
        server.Seed("shop", "api-1", service: "api");
        server.Seed("other", "web-3", service: "web");

        (int status, JsonObject body) = await server.SendAsync(HttpMethod.Delete, TestServer.In("shop") + "?labelSelector=kubernetes.io%2Fservice-name%3Dweb");

        Assert.Equal(200, status);
        Assert.Equal("EndpointSliceList", body["kind"]!.GetValue<string>());
        Assert.Equal(new[] { "web-1", "web-2" }, TestServer.Names(body));
        Assert.Equal(new[] { "api-1" }, server.Server.Objects.List(server.Slices, "shop").Select(o => o["metadata"]!["name"]!.GetValue<string>()));
        Assert.NotNull(server.Server.Objects.Get(server.Slices, "other", "web-3"));
    }

    [Fact]
    public async Task A_dry_run_deletecollection_deletes_nothing()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "web-1");

        (int status, JsonObject body) = await server.SendAsync(HttpMethod.Delete, TestServer.In("shop") + "?dryRun=All");

        Assert.Equal(200, status);
        Assert.Equal(new[] { "web-1" }, TestServer.Names(body));
        Assert.NotNull(server.Server.Objects.Get(server.Slices, "shop", "web-1"));
    }
}
