using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using SliceClientGen.Testing.Tests.Infrastructure;

namespace SliceClientGen.Testing.Tests;

/// <summary>Server-side printing: <c>Accept: application/json;as=Table;g=meta.k8s.io;v=v1</c>, as kubectl get asks.</summary>
public sealed class TableTests
{
    private const string KubectlAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private static async Task<JsonObject> GetTableAsync(TestServer server, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(KubectlAccept);
        using HttpResponseMessage response = await server.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static IEnumerable<string> Columns(JsonObject table) => table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>());

    private static IEnumerable<string?> Cells(JsonObject table, int row) => table["rows"]![row]!["cells"]!.AsArray().Select(c => c?.ToString());

    [Fact]
    public async Task A_list_of_EndpointSlices_is_a_Table_with_the_columns_a_cluster_prints()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Server.Objects.Create(server.Slices, TestServer.Slice("shop", "five", endpoints: 5, port: 9090));
        JsonObject noPorts = TestServer.Slice("shop", "none", endpoints: 0);
        noPorts.Remove("ports");
        server.Server.Objects.Create(server.Slices, noPorts);

        JsonObject table = await GetTableAsync(server, TestServer.In("shop") + "?limit=500");

        Assert.Equal(("Table", "meta.k8s.io/v1"), (table["kind"]!.GetValue<string>(), table["apiVersion"]!.GetValue<string>()));
        Assert.Equal(new[] { "Name", "AddressType", "Ports", "Endpoints", "Age" }, Columns(table));
        Assert.Equal(new[] { "five", "IPv4", "9090", "10.0.0.1,10.0.0.2,10.0.0.3 + 2 more..." }, Cells(table, 0).Take(4));
        Assert.Equal(new[] { "none", "IPv4", "<unset>", "<unset>" }, Cells(table, 1).Take(4));
        JsonObject row = table["rows"]![0]!["object"]!.AsObject();
        Assert.Equal(("PartialObjectMetadata", "five"), (row["kind"]!.GetValue<string>(), row["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(server.Server.Objects.ResourceVersion.ToString(), table["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task One_object_is_a_one_row_Table_and_includeObject_Object_carries_the_whole_object()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");

        JsonObject table = await GetTableAsync(server, TestServer.In("shop") + "/a?includeObject=Object");

        JsonObject row = Assert.Single(table["rows"]!.AsArray())!.AsObject();
        Assert.Equal("EndpointSlice", row["object"]!["kind"]!.GetValue<string>());
        Assert.Equal("IPv4", row["object"]!["addressType"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_watch_as_Table_sends_one_row_per_event_with_column_definitions_on_the_first_only()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        using var request = new HttpRequestMessage(HttpMethod.Get, TestServer.In("shop") + "?watch=true");
        request.Headers.Accept.ParseAdd(KubectlAccept);
        using HttpResponseMessage response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        JsonObject first = JsonNode.Parse((await reader.ReadLineAsync())!)!.AsObject();
        server.Seed("shop", "b");
        JsonObject second = JsonNode.Parse((await reader.ReadLineAsync())!)!.AsObject();

        Assert.Equal(("ADDED", "Table"), (first["type"]!.GetValue<string>(), first["object"]!["kind"]!.GetValue<string>()));
        Assert.Equal(5, first["object"]!["columnDefinitions"]!.AsArray().Count);
        Assert.Equal("a", Cells(first["object"]!.AsObject(), 0).First());
        Assert.Null(second["object"]!["columnDefinitions"]);
        Assert.Equal("b", Cells(second["object"]!.AsObject(), 0).First());
    }

    [Fact]
    public async Task A_resource_without_known_printer_columns_prints_NAME_and_AGE()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.Resources.Add(new ApiResource("example.com", "v1", "widgets", "Widget")));
        ApiResource widgets = server.Server.Resources.Single(r => r.Plural == "widgets");
        server.Server.Objects.Create(widgets, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "w", ["namespace"] = "shop" } });

        JsonObject table = await GetTableAsync(server, "apis/example.com/v1/namespaces/shop/widgets");

        Assert.Equal(new[] { "Name", "Age" }, Columns(table));
        Assert.Equal("w", Cells(table, 0).First());
    }

    [Theory]
    [InlineData(59, "59s")]
    [InlineData(119, "119s")]
    [InlineData(312, "5m12s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 + 240, "3h4m")]
    [InlineData(30 * 3600, "30h")]
    [InlineData(53 * 3600, "2d5h")]
    [InlineData(400 * 86400, "400d")]
    [InlineData(3 * 365 * 86400 + 30 * 86400, "3y30d")]
    public void Ages_print_as_kubectl_prints_them(int seconds, string expected)
    {
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(expected, SliceClientGen.Testing.Protocol.Tables.Age(now.AddSeconds(-seconds), now));
    }
}
