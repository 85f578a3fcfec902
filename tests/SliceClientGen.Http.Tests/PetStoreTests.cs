using System.Text.Json;
using SliceClientGen.Http.Tests.Infrastructure;
using SliceClientGen.Http.Tests.Pets;
using SliceClientGen.Runtime.Http;
using Xunit;

namespace SliceClientGen.Http.Tests;

/// <summary>
/// An ordinary API (tests/TestDocuments/petstore.yml): no operationIds, header and array parameters, integer
/// path parameters, 201/204 results, per-status, range and default error schemas. Nothing Kubernetes-specific.
/// </summary>
public sealed class PetStoreTests
{
    private const string Pet = """{"id":7,"name":"Rex","status":"available","tags":["dog"]}""";

    [Fact]
    public async Task Header_enum_array_boolean_and_integer_parameters_are_sent_as_declared()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, "[" + Pet + "]"));

        IList<Pet> pets = await Client(server).GetPetsAsync("req-1", status: GetPetsStatus.Available, tags: ["dog", "good boy"], limit: 5, includeArchived: false, xTenant: "acme");

        ReceivedRequest request = server.SingleRequest;
        Assert.Equal("/api/v3/pets?status=available&tags=dog&tags=good%20boy&limit=5&includeArchived=false", request.RawTarget);
        Assert.Equal("req-1", request.Header("X-Request-ID"));
        Assert.Equal("acme", request.Header("X-Tenant"));
        Assert.Equal("Rex", Assert.Single(pets).Name);
    }

    [Fact]
    public async Task An_optional_header_left_null_is_not_sent()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, "[]"));

        await Client(server).GetPetsAsync("req-1");

        Assert.Null(server.SingleRequest.Header("X-Tenant"));
        Assert.Equal("/api/v3/pets", server.SingleRequest.RawTarget);
    }

    [Fact]
    public async Task A_201_result_is_typed()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(201, Pet));

        Pet created = await Client(server).PostPetsAsync(new Pet { Name = "Rex" });

        Assert.Equal("""{"name":"Rex"}""", server.SingleRequest.BodyText);
        Assert.Equal(7, created.Id);
    }

    [Fact]
    public async Task A_204_operation_returns_normally()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(204));

        await Client(server).DeletePetsByPetIdAsync(7);

        Assert.Equal("DELETE", server.SingleRequest.Method);
        Assert.Equal("/api/v3/pets/7", server.SingleRequest.RawTarget);
    }

    [Fact]
    public async Task A_404_is_typed_with_its_own_error_schema()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(404, """{"missing":7,"message":"no pet 7"}"""));

        ApiException<NotFound> error = await Assert.ThrowsAsync<ApiException<NotFound>>(() => Client(server).GetPetsByPetIdAsync(7));

        Assert.Equal(7, error.Error.Missing);
        Assert.Contains("no pet 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_errors_use_the_default_error_schema()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(500, """{"title":"Boom","detail":"database down","status":500}"""));

        ApiException<Problem> error = await Assert.ThrowsAsync<ApiException<Problem>>(() => Client(server).GetPetsByPetIdAsync(7));

        Assert.Equal("Boom", error.Error.Title);
        Assert.Contains("database down", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_range_error_schema_types_any_status_in_the_range()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(422, """{"title":"Invalid","status":422}"""));

        ApiException<Problem> error = await Assert.ThrowsAsync<ApiException<Problem>>(() => Client(server).GetPetsAsync("req-1"));

        Assert.Equal(422, error.Error.Status);
    }

    [Fact]
    public async Task The_base_address_path_replaces_the_documents_server()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, Pet));

        await new PetStoreClient(new HttpClient(), new ApiClientOptions { BaseAddress = new Uri(server.BaseAddress, "v2/") }).GetPetsByPetIdAsync(7);

        Assert.Equal("/v2/pets/7", server.SingleRequest.RawTarget);
        Assert.Equal("http://localhost/api/v3", PetStoreClient.DefaultServer);
    }

    private static PetStoreClient Client(TestApiServer server) =>
        new(new HttpClient(), new ApiClientOptions { BaseAddress = new Uri(server.BaseAddress, "api/v3/") });
}
