using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SliceClientGen.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// An optional request body taken by several overloads (a free-form patch as JsonNode, JsonElement or the resource
/// model; a multipart form or HttpContent): caller code compiled against the generated client calls without a body
/// and with each kind of body, and each call binds to the overload meant for it.
/// </summary>
public sealed class OptionalBodyOverloadTests
{
    private const string Document = InlineDocument.Start + """
        paths:
          /pets/{name}:
            patch:
              operationId: patchPet
              parameters:
                - { name: name, in: path, required: true, schema: { type: string } }
                - { name: dryRun, in: query, schema: { type: string } }
              requestBody:
                content:
                  application/merge-patch+json:
                    schema: { type: object }
              responses:
                '200':
                  description: The pet
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Pet' }
          /pets/{name}/photo:
            post:
              operationId: uploadPhoto
              parameters:
                - { name: name, in: path, required: true, schema: { type: string } }
              requestBody:
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      properties:
                        caption: { type: string }
                        file: { type: string, format: binary }
              responses:
                '204':
                  description: Stored
        components:
          schemas:
            Pet:
              type: object
              properties:
                name: { type: string }
        """;

    private const string Caller = """
        using System.Net.Http;
        using System.Text.Json;
        using System.Text.Json.Nodes;
        using System.Threading.Tasks;
        using Contoso.Test;

        public static class Caller
        {
            public static async Task CallAsync(TClient client, JsonNode node, JsonElement element, Pet pet, UploadPhotoForm form, HttpContent content)
            {
                await client.PatchPetAsync("rex");
                await client.PatchPetAsync("rex", dryRun: "All");
                await client.PatchPetAsync("rex", node);
                await client.PatchPetAsync("rex", element);
                await client.PatchPetAsync("rex", pet, dryRun: "All");
                await client.UploadPhotoAsync("rex");
                await client.UploadPhotoAsync("rex", form);
                await client.UploadPhotoAsync("rex", content);
            }
        }
        """;

    [Fact]
    public void Calls_with_and_without_a_body_compile_against_the_generated_client()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("doc.yml", Document)], sources: [Caller]);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, null)]
    [InlineData(2, "System.Text.Json.Nodes.JsonNode?")]
    [InlineData(3, "System.Text.Json.JsonElement?")]
    [InlineData(4, "Contoso.Test.Pet?")]
    [InlineData(5, null)]
    [InlineData(6, "Contoso.Test.UploadPhotoForm?")]
    [InlineData(7, "System.Net.Http.HttpContent?")]
    public void Each_call_binds_to_the_overload_meant_for_its_body(int call, string? bodyType)
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("doc.yml", Document)], sources: [Caller]);
        SyntaxTree caller = run.OutputCompilation.SyntaxTrees.Single(t => t.ToString().Contains("public static class Caller", System.StringComparison.Ordinal));
        SemanticModel model = run.OutputCompilation.GetSemanticModel(caller);
        InvocationExpressionSyntax invocation = caller.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().ElementAt(call);

        IMethodSymbol method = Assert.IsAssignableFrom<IMethodSymbol>(model.GetSymbolInfo(invocation).Symbol);

        IParameterSymbol body = method.Parameters.Single(p => p.Name == "body");
        if (bodyType is null)
        {
            // Without a body: the overload whose body may be left out (the first one), called without it.
            Assert.True(body.IsOptional);
            Assert.Equal(method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().First(), method);
        }
        else
        {
            Assert.Equal(bodyType, body.Type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier)));
        }
    }

    [Fact]
    public void Only_the_first_overload_of_an_optional_body_lets_the_body_be_left_out()
    {
        string client = InlineDocument.Run(Document).Client();

        Assert.Contains("PatchPetAsync(string name, JsonNode? body = null, string? dryRun = null,", client, System.StringComparison.Ordinal);
        Assert.Contains("PatchPetAsync(string name, JsonElement? body, string? dryRun = null,", client, System.StringComparison.Ordinal);
        Assert.Contains("PatchPetAsync(string name, Pet? body, string? dryRun = null,", client, System.StringComparison.Ordinal);
        Assert.Contains("UploadPhotoAsync(string name, UploadPhotoForm? body = null,", client, System.StringComparison.Ordinal);
        Assert.Contains("UploadPhotoAsync(string name, HttpContent? body,", client, System.StringComparison.Ordinal);
    }
}
