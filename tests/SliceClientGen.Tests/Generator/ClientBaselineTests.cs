using System.Linq;
using Microsoft.CodeAnalysis;
using SliceClientGen.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// One small baseline per client construct (<c>Snapshots/Baselines/Client*.verified.txt</c>): the client file
/// generated for a document with one or two operations over the same few schemas, so a change to the client
/// emitters shows a small, readable diff.
/// </summary>
public sealed class ClientBaselineTests
{
    [Fact]
    public void Get_with_path_query_and_header_parameters() => Verify("ClientGetWithParameters", """
        /stores/{storeId}/pets/{petId}:
          parameters:
            - { name: storeId, in: path, required: true, schema: { type: integer, format: int64 } }
          get:
            operationId: getPet
            summary: Reads one pet
            parameters:
              - { name: petId, in: path, required: true, schema: { type: string } }
              - { name: if-none-match, in: header, schema: { type: string } }
              - { name: view, in: query, description: How much to return., schema: { type: string, enum: [full, brief] } }
              - { name: tags, in: query, schema: { type: array, items: { type: integer } } }
            responses:
              '200':
                description: The pet
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/Pet' }
        """);

    [Fact]
    public void Json_body() => Verify("ClientJsonBody", """
        /pets:
          post:
            operationId: createPet
            requestBody:
              required: true
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Pet' }
            responses:
              '201':
                description: Created
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/Pet' }
        """);

    [Fact]
    public void Multipart_form_data_body() => Verify("ClientMultipartBody", """
        /pets/{name}/photo:
          post:
            operationId: uploadPhoto
            parameters:
              - { name: name, in: path, required: true, schema: { type: string } }
            requestBody:
              required: true
              content:
                multipart/form-data:
                  schema:
                    type: object
                    required: [file]
                    properties:
                      caption: { type: string }
                      file: { type: string, format: binary }
                      tags: { type: array, items: { type: string } }
            responses:
              '204':
                description: Stored
        """, "UploadPhotoForm");

    [Fact]
    public void Form_url_encoded_body() => Verify("ClientFormBody", """
        /pets/{name}/rename:
          post:
            operationId: renamePet
            parameters:
              - { name: name, in: path, required: true, schema: { type: string } }
            requestBody:
              required: true
              content:
                application/x-www-form-urlencoded:
                  schema: { $ref: '#/components/schemas/Pet' }
            responses:
              '204':
                description: Renamed
        """);

    [Fact]
    public void Server_sent_events_response() => Verify("ClientServerSentEvents", """
        /pets/events:
          get:
            operationId: streamPetChanges
            summary: Streams pet changes
            responses:
              '200':
                description: One event per change
                content:
                  text/event-stream:
                    schema: { $ref: '#/components/schemas/Pet' }
        """);

    [Fact]
    public void Json_lines_response() => Verify("ClientJsonLines", """
        /pets/export:
          get:
            operationId: exportPets
            responses:
              '200':
                description: Every pet, one per line
                content:
                  application/x-ndjson:
                    schema: { $ref: '#/components/schemas/Pet' }
        """);

    [Fact]
    public void Free_form_merge_patch_body() => Verify("ClientMergePatchBody", """
        /pets/{name}:
          patch:
            operationId: patchPet
            parameters:
              - { name: name, in: path, required: true, schema: { type: string } }
            requestBody:
              required: true
              content:
                application/merge-patch+json:
                  schema: { type: object }
            responses:
              '200':
                description: Patched
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/Pet' }
        """);

    [Fact]
    public void Server_side_apply_beside_a_patch_that_declares_apply_patch_yaml() => Verify("ClientApplyPatch", """
        /pets/{name}:
          patch:
            operationId: patchPet
            parameters:
              - { name: name, in: path, required: true, schema: { type: string } }
              - { name: fieldManager, in: query, schema: { type: string } }
              - { name: force, in: query, schema: { type: boolean } }
            requestBody:
              required: true
              content:
                application/merge-patch+json:
                  schema: { type: object }
                application/apply-patch+yaml:
                  schema: { type: object }
            responses:
              '200':
                description: Patched
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/Pet' }
        """);

    [Fact]
    public void Pageable_list() => Verify("ClientPageableList", """
        /pets:
          get:
            operationId: listPets
            parameters:
              - { name: labelSelector, in: query, schema: { type: string } }
              - { name: limit, in: query, schema: { type: integer } }
              - { name: continue, in: query, schema: { type: string } }
            responses:
              '200':
                description: The pets
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/PetList' }
        """);

    [Fact]
    public void Watchable_list() => Verify("ClientWatchableList", """
        /pets:
          get:
            operationId: listPets
            parameters:
              - { name: watch, in: query, schema: { type: boolean } }
              - { name: resourceVersion, in: query, schema: { type: string } }
              - { name: timeoutSeconds, in: query, schema: { type: integer } }
              - { name: allowWatchBookmarks, in: query, schema: { type: boolean } }
            responses:
              '200':
                description: The pets
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/PetList' }
        """);

    [Fact]
    public void Declared_error_bodies() => Verify("ClientErrorBodies", """
        /pets/{name}:
          delete:
            operationId: deletePet
            parameters:
              - { name: name, in: path, required: true, schema: { type: string } }
            responses:
              '204':
                description: Deleted
              '404':
                description: No such pet
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/Problem' }
              default:
                description: Any other failure
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/Problem' }
        """);

    [Fact]
    public void Deprecated_watch_path_is_replaced_by_the_streaming_watch() => Verify("ClientDeprecatedWatchPath", """
        /pets:
          get:
            operationId: listPets
            parameters:
              - { name: watch, in: query, schema: { type: boolean } }
            responses:
              '200':
                description: The pets
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/PetList' }
        /watch/pets:
          get:
            operationId: watchPetList
            description: 'deprecated: use the ''watch'' parameter with a list operation instead.'
            parameters:
              - { name: watch, in: query, schema: { type: boolean } }
            responses:
              '200':
                description: OK
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/Pet' }
        """);

    [Fact]
    public void Deprecated_operation() => Verify("ClientDeprecatedOperation", """
        /pets/{name}:
          get:
            operationId: readPetOld
            deprecated: true
            parameters:
              - { name: name, in: path, required: true, schema: { type: string } }
            responses:
              '200':
                description: The pet
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/Pet' }
        """);

    [Fact]
    public void A_watch_path_without_a_watchable_list_is_generated_as_declared()
    {
        string client = Client("""
            /watch/pets:
              get:
                operationId: watchPetList
                responses:
                  '200':
                    description: OK
                    content:
                      application/json:
                        schema: { $ref: '#/components/schemas/Pet' }
            """);

        Assert.Contains("public Task<Pet> WatchPetListAsync(", client, System.StringComparison.Ordinal);
    }

    [Fact]
    public void The_client_class_offers_users_only_its_constructor_pipeline_and_operation_methods()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.EndpointSlices()]);
        INamedTypeSymbol client = run.OutputCompilation.GetTypeByMetadataName("Contoso.Kube.EndpointSlicesClient")!;

        ISymbol[] notPublic = client.GetMembers().Where(m => !m.IsImplicitlyDeclared && m is not IMethodSymbol { AssociatedSymbol: not null } && m.DeclaredAccessibility != Accessibility.Public).ToArray();

        Assert.Empty(notPublic.Select(m => m.ToDisplayString()));
        Assert.Contains(client.GetMembers(), m => m.Name == "Pipeline" && m.DeclaredAccessibility == Accessibility.Public);
    }

    private static void Verify(string name, string paths)
    {
        string client = Client(paths);
        Snapshot.Verify("Baselines/" + name, client.ReplaceLineEndings("\n"));
    }

    /// <summary>Compares the client file and the files of the generated types <paramref name="types"/> (a multipart form) with the baseline.</summary>
    private static void Verify(string name, string paths, params string[] types)
    {
        GeneratorRun run = Run(paths);
        string files = string.Concat(new[] { "Baseline.PetsClient.g.cs" }
            .Concat(types.Select(type => "Baseline.PetsClient." + type + ".g.cs"))
            .Select(file => "//----- " + file + " -----\n" + run.GeneratedSources[file].ReplaceLineEndings("\n")));
        Snapshot.Verify("Baselines/" + name, files);
    }

    /// <summary>The client file generated for a document with <paramref name="paths"/> and the shared schemas; it must compile cleanly.</summary>
    private static string Client(string paths) => Run(paths).GeneratedSources["Baseline.PetsClient.g.cs"];

    private static GeneratorRun Run(string paths)
    {
        string yaml = "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: '1'\npaths:\n" + Indent(paths) + "\n" + Documents.PetComponents + "\n";
        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("pets.yml", yaml, ns: "Baseline", className: "PetsClient")]);
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        return run;
    }

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select(line => "  " + line));
}
