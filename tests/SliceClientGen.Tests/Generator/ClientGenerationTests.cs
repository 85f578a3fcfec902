using SliceClientGen.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Tests.Generator;

/// <summary>The generated client's shape: names, argument order, C#-legal names, from any document.</summary>
public sealed class ClientGenerationTests
{
    private const string Pets = """
        openapi: 3.0.3
        info:
          title: Pets
          version: '1'
        servers:
          - url: https://{host}/api/v3
            variables:
              host:
                default: pets.example.com
        paths:
          /stores/{storeId}/pets/{petId}:
            parameters:
              - name: storeId
                in: path
                required: true
                schema: { type: integer, format: int64 }
            put:
              parameters:
                - name: petId
                  in: path
                  required: true
                  schema: { type: string }
                - name: if-match
                  in: header
                  required: true
                  schema: { type: string }
                - name: class
                  in: query
                  schema: { type: string, enum: [cat, dog] }
                - name: tags
                  in: query
                  schema: { type: array, items: { type: string } }
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/Pet' }
              responses:
                '204':
                  description: Stored
          /pets:
            get:
              responses:
                '200':
                  description: Pets
                  content:
                    application/json:
                      schema:
                        type: array
                        items: { $ref: '#/components/schemas/Pet' }
        components:
          schemas:
            Pet:
              type: object
              properties:
                name: { type: string }
        """;

    [Fact]
    public void Operation_without_operation_id_is_named_from_method_and_path()
    {
        string client = Client(Pets);

        Assert.Contains("PutStoresByStoreIdPetsByPetIdAsync(", client, StringComparison.Ordinal);
        Assert.Contains("Task<IList<Pet>> GetPetsAsync(", client, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_are_path_parameters_then_required_ones_then_body_then_optional_ones()
    {
        string client = Client(Pets);

        Assert.Contains(
            "public Task PutStoresByStoreIdPetsByPetIdAsync(long storeId, string petId, string ifMatch, Pet body, PutStoresByStoreIdPetsByPetIdClass? @class = null, IEnumerable<string>? tags = null, CancellationToken cancellationToken = default)",
            client,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Keyword_parameter_names_are_escaped_and_sent_by_their_wire_name()
    {
        string client = Client(Pets);

        Assert.Contains(".WithQuery(\"class\", @class?.Value)", client, StringComparison.Ordinal);
        Assert.Contains(".WithHeader(\"if-match\", ifMatch)", client, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_variables_take_their_defaults_in_the_default_server()
    {
        string client = Client(Pets);

        Assert.Contains("public const string DefaultServer = \"https://pets.example.com/api/v3\";", client, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_client_and_registration_compile_without_warnings()
    {
        GeneratorHarness.Run([Documents.Inline("pets.yml", Pets, className: "PetsClient")]).AssertNoDiagnostics();
    }

    [Fact]
    public void Endpoint_slice_client_matches_snapshot()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.EndpointSlices()]);

        Snapshot.Verify("EndpointSlicesClient", run.GeneratedSources["Contoso.Kube.EndpointSlicesClient.g.cs"]);
    }

    [Fact]
    public void Endpoint_slice_list_methods_do_not_offer_the_watch_switch()
    {
        string client = GeneratorHarness.Run([Documents.EndpointSlices()]).GeneratedSources["Contoso.Kube.EndpointSlicesClient.g.cs"];

        Assert.DoesNotContain(".WithQuery(\"watch\", watch)", client, StringComparison.Ordinal);
        Assert.Contains("ListEndpointSlicesAllNamespacesAsync(string? labelSelector = null, string? fieldSelector = null, int? limit = null, string? @continue = null", client, StringComparison.Ordinal);
    }

    [Fact]
    public void Operations_document_the_security_schemes_the_document_requires()
    {
        string client = GeneratorHarness.Run([Documents.EndpointSlices()]).GeneratedSources["Contoso.Kube.EndpointSlicesClient.g.cs"];

        Assert.Contains("/// <para>Authentication: an HTTP bearer token (bearerAuth) or a mutual-TLS client certificate (clientCertificate).</para>", client, StringComparison.Ordinal);
    }

    [Fact]
    public void Operations_without_security_requirements_say_nothing_about_authentication()
    {
        Assert.DoesNotContain("Authentication:", Client(Pets), StringComparison.Ordinal);
    }

    private static string Client(string yaml) =>
        GeneratorHarness.Run([Documents.Inline("pets.yml", yaml, className: "PetsClient")]).GeneratedSources["Contoso.Test.PetsClient.g.cs"];
}
