using System.Text.Json.Nodes;
using SliceClientGen.Testing.Tests.Infrastructure;

namespace SliceClientGen.Testing.Tests;

/// <summary>
/// Query parameters read as the API server's parameter codec reads them (k8s.io/apimachinery's conversion of query
/// values): first value wins, booleans false only for 0/false in any case, integers strictly, options validated as
/// ValidateListOptions does.
/// </summary>
public sealed class QueryParameterTests
{
    /// <summary>The first line of the answer to <paramref name="query"/> on the collection: a list, or a watch's first event.</summary>
    private static async Task<JsonObject> FirstLineAsync(TestServer server, string query)
    {
        await using WatchReader reader = await WatchReader.OpenAsync(server, TestServer.In("shop") + query);
        Assert.Equal(200, reader.StatusCode);
        return (await reader.NextAsync())!;
    }

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    [InlineData("TRUE")]
    [InlineData("1")]
    [InlineData("t")]
    [InlineData("yes")]
    [InlineData("")]
    public async Task Any_watch_value_but_0_or_false_starts_a_watch(string value)
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");

        JsonObject first = await FirstLineAsync(server, "?watch=" + Uri.EscapeDataString(value));

        Assert.Equal("ADDED a", WatchReader.Summary(first));
    }

    [Theory]
    [InlineData("false")]
    [InlineData("False")]
    [InlineData("FALSE")]
    [InlineData("0")]
    public async Task A_watch_value_of_0_or_false_in_any_case_is_a_list(string value)
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");

        JsonObject first = await FirstLineAsync(server, "?watch=" + value);

        Assert.Equal("EndpointSliceList", first["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Booleans_written_as_True_by_a_client_ask_for_bookmarks_and_initial_events()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        await using WatchReader watch = await WatchReader.OpenAsync(server, TestServer.In("shop") + "?watch=True&allowWatchBookmarks=True&sendInitialEvents=True&resourceVersionMatch=NotOlderThan");

        Assert.Equal("ADDED a", await watch.NextSummaryAsync());
        JsonObject end = (await watch.NextAsync())!;
        Assert.Equal(("BOOKMARK", "true"), (end["type"]!.GetValue<string>(), end["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_repeated_parameter_takes_its_first_value()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a", service: "web");
        server.Seed("shop", "b", service: "api");
        server.Seed("shop", "c", service: "web");

        (_, JsonObject page) = await server.GetAsync(TestServer.In("shop") + "?limit=1&limit=5&labelSelector=kubernetes.io%2Fservice-name%3Dweb&labelSelector=kubernetes.io%2Fservice-name%3Dapi");

        Assert.Equal(new[] { "a" }, TestServer.Names(page));
        Assert.False(string.IsNullOrEmpty(page["metadata"]!["continue"]?.GetValue<string>()));
    }

    [Theory]
    [InlineData("limit", "abc", "invalid syntax")]
    [InlineData("limit", "1.5", "invalid syntax")]
    [InlineData("limit", "", "invalid syntax")]
    [InlineData("limit", " 1", "invalid syntax")]
    [InlineData("limit", "0x10", "invalid syntax")]
    [InlineData("limit", "99999999999999999999", "value out of range")]
    [InlineData("timeoutSeconds", "soon", "invalid syntax")]
    public async Task An_integer_parameter_that_is_not_a_base_10_integer_is_a_400_naming_it(string parameter, string value, string problem)
    {
        await using TestServer server = await TestServer.StartAsync();

        (int status, JsonObject body) = await server.GetAsync(TestServer.In("shop") + "?" + parameter + "=" + Uri.EscapeDataString(value));

        Assert.Equal(400, status);
        Assert.Equal("BadRequest", body["reason"]!.GetValue<string>());
        Assert.Equal($"query parameter \"{parameter}\": strconv.ParseInt: parsing \"{value}\": {problem}", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_integer_with_a_plus_sign_is_accepted_as_Go_parses_it()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        server.Seed("shop", "b");

        (int status, JsonObject page) = await server.GetAsync(TestServer.In("shop") + "?limit=%2B1");

        Assert.Equal(200, status);
        Assert.Single(TestServer.Names(page));
    }

    [Theory]
    [InlineData("?sendInitialEvents=true", "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list")]
    [InlineData("?resourceVersionMatch=NotOlderThan", "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")]
    [InlineData("?resourceVersionMatch=Newest&resourceVersion=1", "resourceVersionMatch: Unsupported value: \"Newest\"")]
    [InlineData("?resourceVersionMatch=Exact&resourceVersion=0", "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")]
    [InlineData("?watch=1&sendInitialEvents=true&allowWatchBookmarks=true", "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    [InlineData("?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan", "allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true")]
    [InlineData("?watch=1&resourceVersionMatch=NotOlderThan", "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    public async Task List_options_the_API_server_refuses_are_a_422_on_ListOptions(string query, string cause)
    {
        await using TestServer server = await TestServer.StartAsync();

        (int status, JsonObject body) = await server.GetAsync(TestServer.In("shop") + query);

        Assert.Equal(422, status);
        Assert.Equal("Invalid", body["reason"]!.GetValue<string>());
        Assert.StartsWith("ListOptions.meta.k8s.io \"\" is invalid: ", body["message"]!.GetValue<string>());
        Assert.Contains(cause, body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_dryRun_value_is_checked_not_only_the_first()
    {
        await using TestServer server = await TestServer.StartAsync();

        (int status, JsonObject body) = await server.SendAsync(HttpMethod.Post, TestServer.In("shop") + "?dryRun=All&dryRun=Some", TestServer.Slice("shop", "a"));

        Assert.Equal(400, status);
        Assert.Contains("Invalid dry run value: \"Some\"", body["message"]!.GetValue<string>());
        Assert.Equal(0, server.Server.Objects.Count(server.Slices));
    }

    [Fact]
    public async Task The_deprecated_watch_paths_watch_a_collection_and_a_single_object()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        server.Seed("shop", "b");

        await using WatchReader collection = await WatchReader.OpenAsync(server, "apis/discovery.k8s.io/v1/watch/namespaces/shop/endpointslices");
        await using WatchReader single = await WatchReader.OpenAsync(server, "apis/discovery.k8s.io/v1/watch/namespaces/shop/endpointslices/b");

        Assert.Equal("ADDED a", await collection.NextSummaryAsync());
        Assert.Equal("ADDED b", await collection.NextSummaryAsync());
        Assert.Equal("ADDED b", await single.NextSummaryAsync());
        server.Server.Objects.Update(server.Slices, "shop", "a", o => o["addressType"] = "IPv6");
        server.Server.Objects.Update(server.Slices, "shop", "b", o => o["addressType"] = "IPv6");
        Assert.Equal("MODIFIED a", await collection.NextSummaryAsync());
        Assert.Equal("MODIFIED b", await single.NextSummaryAsync());
    }
}
