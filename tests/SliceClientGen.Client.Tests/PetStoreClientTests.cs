using System.Net;
using System.Reflection;
using SliceClientGen.Client.Tests.Infrastructure;
using SliceClientGen.Client.Tests.Pets;
using SliceClientGen.Runtime.Http;
using WireMock;
using WireMock.Server;

namespace SliceClientGen.Client.Tests;

/// <summary>
/// An ordinary, non-Kubernetes document (tests/TestDocuments/petstore-client.yml): no operationIds, header,
/// array, enum, boolean and integer parameters, several response codes and a server URL with a base path.
/// Canned exchanges, so on WireMock.Net stubs (which record the raw path and query as sent).
/// </summary>
public sealed class PetStoreClientTests
{
    private const string RexJson = """{"id":7,"name":"Rex","status":"available","tags":["good","dog"]}""";

    private static PetStoreClient Client(HttpClient http, ApiClientOptions? options = null) => new(http, options ?? TestClients.Options());

    [Fact]
    public void Methods_without_operationIds_are_named_from_method_and_path()
    {
        string[] names = typeof(PetStoreClient).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(m => m.Name)
            .Where(n => n.EndsWith("Async", StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(new[] { "DeletePetsByPetIdAsync", "GetPetsAsync", "GetPetsByPetIdAsync", "PostPetsAsync", "PutPetsByPetIdAsync" }, names);
        Assert.Equal("http://localhost/api/v3", PetStoreClient.DefaultServer);
    }

    [Fact]
    public async Task GetPets_sends_the_required_and_optional_headers_and_every_query_kind()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, "[" + RexJson + "]"));
        using HttpClient http = server.CreateHttpClient();

        IList<Pet> pets = await Client(http).GetPetsAsync("req-1", status: PetStatus.Pending, tags: new[] { "good", "a b&c" }, limit: 25, includeArchived: true, xTenant: "acme");

        IRequestMessage request = server.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal("/pets", request.Path);
        Assert.Equal("?status=pending&tags=good&tags=a%20b%26c&limit=25&includeArchived=true", request.RawQuery);
        Assert.Equal(new[] { "good", "a b&c" }, request.Query!["tags"]);
        Assert.Equal("req-1", request.Header("X-Request-ID"));
        Assert.Equal("acme", request.Header("X-Tenant"));
        Assert.Equal("application/json", request.Header("Accept"));
        Pet rex = Assert.Single(pets);
        Assert.Equal(7, rex.Id);
        Assert.Equal("Rex", rex.Name);
        Assert.Equal(PetStatus.Available, rex.Status);
        Assert.Equal(new[] { "good", "dog" }, rex.Tags);
    }

    [Fact]
    public async Task GetPets_leaves_out_unset_parameters_and_the_optional_header()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, "[]"));
        using HttpClient http = server.CreateHttpClient();

        IList<Pet> pets = await Client(http).GetPetsAsync("req-2");

        Assert.Empty(pets);
        Assert.Equal(string.Empty, server.SingleRequest().RawQuery);
        Assert.Equal("req-2", server.SingleRequest().Header("X-Request-ID"));
        Assert.Null(server.SingleRequest().Header("X-Tenant"));
    }

    [Fact]
    public async Task A_false_boolean_and_an_empty_array_are_written_as_false_and_nothing()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, "[]"));
        using HttpClient http = server.CreateHttpClient();

        await Client(http).GetPetsAsync("req-3", tags: Array.Empty<string>(), includeArchived: false);

        Assert.Equal("?includeArchived=false", server.SingleRequest().RawQuery);
    }

    [Fact]
    public async Task A_null_required_header_throws_before_any_request()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, "[]"));
        using HttpClient http = server.CreateHttpClient();

        await Assert.ThrowsAsync<ArgumentNullException>(() => Client(http).GetPetsAsync(null!));

        Assert.Empty(server.LogEntries);
    }

    [Fact]
    public async Task PostPets_sends_the_model_as_JSON_and_returns_the_typed_201_body()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(201, RexJson));
        using HttpClient http = server.CreateHttpClient();

        Pet created = await Client(http).PostPetsAsync(new Pet { Name = "Rex", Status = PetStatus.Available, Tags = new List<string> { "good", "dog" } });

        IRequestMessage request = server.SingleRequest();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/pets", request.Path);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("""{"name":"Rex","status":"available","tags":["good","dog"]}""", request.Body);
        Assert.Equal(7, created.Id);
        Assert.Equal("Rex", created.Name);
    }

    [Fact]
    public async Task GetPetsByPetId_writes_the_integer_path_parameter_invariantly()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, RexJson));
        using HttpClient http = server.CreateHttpClient();

        Pet pet = await Client(http).GetPetsByPetIdAsync(-9007199254740993);

        Assert.Equal("/pets/-9007199254740993", server.SingleRequest().Path);
        Assert.Equal("Rex", pet.Name);
    }

    [Fact]
    public async Task PutPetsByPetId_sends_the_body_the_path_and_the_optional_header()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, RexJson));
        using HttpClient http = server.CreateHttpClient();

        await Client(http).PutPetsByPetIdAsync(7, new Pet { Id = 7, Name = "Rex" }, ifMatch: "\"v3\"");

        IRequestMessage request = server.SingleRequest();
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/pets/7", request.Path);
        Assert.Equal("\"v3\"", request.Header("If-Match"));
        Assert.Equal("""{"id":7,"name":"Rex"}""", request.Body);
    }

    [Fact]
    public async Task DeletePetsByPetId_returns_normally_on_204_no_content()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Empty(204));
        using HttpClient http = server.CreateHttpClient();

        await Client(http).DeletePetsByPetIdAsync(7);

        Assert.Equal("DELETE", server.SingleRequest().Method);
        Assert.Equal("/pets/7", server.SingleRequest().Path);
        Assert.True(string.IsNullOrEmpty(server.SingleRequest().Body));
    }

    [Fact]
    public async Task A_bodiless_operation_discards_an_unexpected_success_body()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Json(200, RexJson), Stubs.Empty(204));
        using HttpClient http = server.CreateHttpClient();
        PetStoreClient client = Client(http);

        await client.DeletePetsByPetIdAsync(7);
        await client.DeletePetsByPetIdAsync(8);

        Assert.Equal(new[] { "/pets/7", "/pets/8" }, server.RequestPaths());
    }

    [Fact]
    public async Task A_404_is_typed_with_the_operations_own_NotFound_schema()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(404, """{"missing":7,"message":"no pet 7"}"""));
        using HttpClient http = server.CreateHttpClient();

        ApiException<NotFound> e = await Assert.ThrowsAsync<ApiException<NotFound>>(() => Client(http).GetPetsByPetIdAsync(7));

        Assert.True(e.IsNotFound);
        Assert.Equal(7, e.Error.Missing);
        Assert.Equal("no pet 7", e.Error.Message);
        Assert.Equal("GET /pets/7 failed with 404 Not Found: no pet 7.", e.Message);
    }

    [Fact]
    public async Task A_404_on_a_bodiless_operation_is_typed_too()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(404, """{"missing":9}"""));
        using HttpClient http = server.CreateHttpClient();

        ApiException<NotFound> e = await Assert.ThrowsAsync<ApiException<NotFound>>(() => Client(http).DeletePetsByPetIdAsync(9));

        Assert.Equal(9, e.Error.Missing);
        Assert.Equal("DELETE", e.Method);
    }

    [Fact]
    public async Task A_500_uses_the_default_error_schema()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Text(500, """{"title":"Server Error","detail":"database down","status":500}""", "application/problem+json"));
        using HttpClient http = server.CreateHttpClient();

        ApiException<Problem> e = await Assert.ThrowsAsync<ApiException<Problem>>(() => Client(http).GetPetsByPetIdAsync(7));

        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Equal("database down", e.Error.Detail);
        Assert.Equal(500, e.Error.Status);
        Assert.Equal("GET /pets/7 failed with 500 Internal Server Error: database down.", e.Message);
    }

    [Fact]
    public async Task A_400_uses_the_default_error_schema_on_POST()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(400, """{"title":"Bad pet"}"""));
        using HttpClient http = server.CreateHttpClient();

        ApiException<Problem> e = await Assert.ThrowsAsync<ApiException<Problem>>(() => Client(http).PostPetsAsync(new Pet { Name = "" }));

        Assert.Equal("Bad pet", e.Error.Title);
        Assert.Equal("POST /pets failed with 400 Bad Request: Bad pet.", e.Message);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(422)]
    [InlineData(451)]
    public async Task Any_4xx_status_uses_the_4XX_range_schema(int status)
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(status, """{"title":"client error","status":""" + status + "}"));
        using HttpClient http = server.CreateHttpClient();

        ApiException<Problem> e = await Assert.ThrowsAsync<ApiException<Problem>>(() => Client(http).GetPetsAsync("req"));

        Assert.Equal(status, (int)e.StatusCode);
        Assert.Equal(status, e.Error.Status);
    }

    [Fact]
    public async Task ApiClientOptions_BaseAddress_with_the_documents_base_path_is_prefixed_to_every_operation()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Json(200, RexJson), Stubs.Empty(204));
        using HttpClient http = server.CreateHttpClient(withBaseAddress: false);
        PetStoreClient client = Client(http, TestClients.Options(configure: o => o.BaseAddress = server.At("api/v3")));

        await client.GetPetsByPetIdAsync(7);
        await client.DeletePetsByPetIdAsync(7);

        Assert.Equal(new[] { "/api/v3/pets/7", "/api/v3/pets/7" }, server.RequestPaths());
    }

    [Fact]
    public void Without_any_base_address_the_documents_server_with_its_base_path_is_used()
    {
        using var http = new HttpClient();

        var client = new PetStoreClient(http);

        Assert.Equal(new Uri("http://localhost/api/v3"), client.Pipeline.BaseAddress);
    }

    [Theory]
    [InlineData("acme\r\nX-Injected: 1")]
    [InlineData("acme\nX-Injected: 1")]
    [InlineData("acme\rX-Injected: 1")]
    [InlineData("acme\0")]
    public async Task A_header_value_with_a_line_break_is_refused_before_any_request_so_it_cannot_inject_a_header(string tenant)
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, "[]"));
        using HttpClient http = server.CreateHttpClient();

        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => Client(http).GetPetsAsync("req", xTenant: tenant));

        Assert.Equal("X-Tenant", e.ParamName);
        Assert.Empty(server.LogEntries);
    }

    [Fact]
    public async Task A_required_header_with_a_line_break_is_refused_too()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, "[]"));
        using HttpClient http = server.CreateHttpClient();

        await Assert.ThrowsAsync<ArgumentException>(() => Client(http).GetPetsAsync("req\r\nX-Injected: 1"));

        Assert.Empty(server.LogEntries);
    }
}
