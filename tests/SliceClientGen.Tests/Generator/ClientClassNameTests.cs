using Microsoft.CodeAnalysis;
using SliceClientGen.Tests.Infrastructure;
using Xunit;
using static SliceClientGen.Tests.Generator.InlineDocument;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// The OpenApiClient item's ClassName may be any C# identifier, also one the generated code uses for a framework,
/// runtime or generated type: the generated code still compiles.
/// </summary>
public sealed class ClientClassNameTests
{
    private const string Document = Start + """
        paths:
          /pets:
            get:
              operationId: listPets
              responses:
                '200':
                  description: The pets
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Pet' }
        components:
          schemas:
            Pet:
              type: object
              properties:
                name: { type: string }
                extra: {}
        """;

    [Theory]
    [InlineData("HttpClient")]
    [InlineData("JsonElement")]
    [InlineData("Task")]
    [InlineData("CancellationToken")]
    [InlineData("JsonSerializerOptions")]
    [InlineData("Utf8JsonWriter")]
    [InlineData("ApiException")]
    [InlineData("JsonModelReader")]
    [InlineData("IEquatable")]
    [InlineData("String")]
    [InlineData("Object")]
    [InlineData("Type")]
    [InlineData("GeneratedCode")]
    public void Class_name_of_a_framework_or_runtime_type_compiles(string className)
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("doc.yml", Document, className: className)]);

        Assert.Null(run.Result.Exception);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void Class_name_the_models_spell_unqualified_is_renamed_with_a_warning_saying_so()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("doc.yml", Document, className: "JsonElement")]);

        Diagnostic diagnostic = run.SingleDiagnostic("SCG0015", DiagnosticSeverity.Warning);
        Assert.Equal("ClassName 'JsonElement' given for 'doc.yml' is a name the generated models use (a framework, runtime or generated converter name they spell without its namespace), which a class of that name would capture; the client is generated as 'JsonElementClient'. Choose another ClassName to name it yourself.", diagnostic.GetMessage());
        Assert.Contains("public partial class JsonElementClient", run.GeneratedSources["Contoso.Test.JsonElementClient.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Class_name_of_a_generated_model_compiles()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("doc.yml", Document, className: "Pet")]);

        Assert.Null(run.Result.Exception);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Equal("SCG0004", run.SingleDiagnostic("SCG0004", DiagnosticSeverity.Warning).Id);
        Assert.Contains("Contoso.Test.Pet.Pet2.g.cs", run.GeneratedSources.Keys);
    }
}
