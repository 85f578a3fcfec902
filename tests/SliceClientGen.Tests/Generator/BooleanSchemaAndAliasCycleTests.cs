using Microsoft.CodeAnalysis;
using SliceClientGen.Tests.Infrastructure;
using Xunit;
using static SliceClientGen.Tests.Generator.InlineDocument;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// Boolean schemas (OpenAPI 3.1: <c>true</c> allows anything, <c>false</c> nothing) and cycles of <c>$ref</c> aliases
/// make Microsoft.OpenApi throw; here each is one diagnostic naming the schema, and the rest of the document generates.
/// </summary>
public sealed class BooleanSchemaAndAliasCycleTests
{
    [Fact]
    public void Boolean_component_schemas_are_json_values_and_named_in_a_diagnostic()
    {
        GeneratorRun run = Run(SchemasHeader + "    Anything: true\n    Nothing: false\n    C:\n      type: object\n      properties:\n        a:\n          $ref: '#/components/schemas/Anything'\n        n:\n          $ref: '#/components/schemas/Nothing'\n");

        Assert.Equal(["/components/schemas/Anything", "/components/schemas/Nothing"], run.GeneratorDiagnostics.Where(d => d.Id == "SCG0013").Select(d => Pointer(d)).Order());
        Assert.Equal(7, run.GeneratorDiagnostics.Single(d => d.GetMessage().Contains("Anything", StringComparison.Ordinal)).Line());
        Assert.Contains("public JsonElement? A", run.Model("C"), StringComparison.Ordinal);
        Assert.Contains("public JsonElement? N", run.Model("C"), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void Boolean_property_and_item_schemas_are_json_values_and_the_other_properties_typed()
    {
        GeneratorRun run = Run(SchemasHeader + "    C:\n      type: object\n      properties:\n        any: true\n        none: false\n        list:\n          type: array\n          items: true\n        name:\n          type: string\n      additionalProperties: false\n");

        Assert.Equal(3, run.GeneratorDiagnostics.Count(d => d.Id == "SCG0013"));
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        string model = run.Model("C");
        Assert.Contains("public JsonElement? Any", model, StringComparison.Ordinal);
        Assert.Contains("public string? Name", model, StringComparison.Ordinal);
        Assert.Contains("IList<JsonElement>? List", model, StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void Boolean_in_an_example_or_default_is_data_not_a_schema()
    {
        GeneratorRun run = Run(SchemasHeader + "    C:\n      type: object\n      properties:\n        flag:\n          type: boolean\n          default: true\n          example: false\n        schema:\n          type: boolean\n          examples: [true]\n");

        run.AssertNoDiagnostics();
        Assert.Contains("public bool? Flag", run.Model("C"), StringComparison.Ordinal);
    }

    [Fact]
    public void Ref_alias_cycle_through_two_schemas_is_reported_with_its_chain_and_typed_as_json()
    {
        GeneratorRun run = Run(SchemasHeader + "    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n    C:\n      type: object\n      properties:\n        a:\n          $ref: '#/components/schemas/A'\n        name:\n          type: string\n");

        Diagnostic[] cycle = run.GeneratorDiagnostics.Where(d => d.Id == "SCG0012").ToArray();
        Assert.Equal(2, cycle.Length);
        Assert.All(cycle, d => Assert.Contains("is a $ref alias in a cycle (A -> B -> A)", d.GetMessage(), StringComparison.Ordinal));
        Assert.Equal(7, cycle.Single(d => Pointer(d) == "/components/schemas/A").Line());
        Assert.Contains("public JsonElement? A", run.Model("C"), StringComparison.Ordinal);
        Assert.Contains("public string? Name", run.Model("C"), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void Schema_that_is_a_ref_to_itself_is_reported_and_typed_as_json()
    {
        GeneratorRun run = Run(SchemasHeader.Replace("paths: {}\n", "paths:\n  /e:\n    get:\n      operationId: getE\n      responses:\n        '500':\n          description: failed\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Error'\n", StringComparison.Ordinal)
            + "    Error:\n      $ref: '#/components/schemas/Error'\n    C:\n      type: object\n      properties:\n        e:\n          $ref: '#/components/schemas/Error'\n");

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SCG0012", diagnostic.Id);
        Assert.Contains("(Error -> Error)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("public JsonElement? E", run.Model("C"), StringComparison.Ordinal);
        Assert.Contains("GetEAsync(", run.Client(), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void Alias_chain_into_a_cycle_keeps_its_own_name_out_of_the_report()
    {
        // D -> A -> B -> A: D is not in the cycle; it resolves to A, which is read as any value.
        GeneratorRun run = Run(SchemasHeader + "    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n    D:\n      $ref: '#/components/schemas/A'\n    C:\n      type: object\n      properties:\n        d:\n          $ref: '#/components/schemas/D'\n");

        Assert.Equal(["/components/schemas/A", "/components/schemas/B"], run.GeneratorDiagnostics.Select(d => Pointer(d)).Order());
        Assert.Contains("public JsonElement? D", run.Model("C"), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    private static string Pointer(Diagnostic diagnostic)
    {
        string message = diagnostic.GetMessage();
        int start = message.IndexOf("The schema at ", StringComparison.Ordinal) + "The schema at ".Length;
        return message.Substring(start, message.IndexOf(' ', start) - start);
    }
}
