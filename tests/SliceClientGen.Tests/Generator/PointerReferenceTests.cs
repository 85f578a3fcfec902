using Microsoft.CodeAnalysis;
using SliceClientGen.Tests.Infrastructure;
using Xunit;
using static SliceClientGen.Tests.Generator.InlineDocument;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// A <c>$ref</c> may point inside a component schema (<c>#/components/schemas/A/properties/x</c>, deeper, with
/// <c>~0</c>/<c>~1</c> escapes): it resolves to the type the schema has where it is declared.
/// </summary>
public sealed class PointerReferenceTests
{
    // B comes first, so its references are resolved before A is built.
    private const string Components =
        "    B:\n      type: object\n      properties:\n" +
        "        r:\n          $ref: '#/components/schemas/A/properties/x'\n" +
        "    A:\n      type: object\n      properties:\n" +
        "        x:\n          type: object\n          properties:\n            y:\n              type: string\n" +
        "        a/b:\n          type: integer\n          format: int64\n" +
        "        t~n:\n          type: array\n          items:\n            type: object\n            properties:\n              z:\n                type: boolean\n";

    [Fact]
    public void Reference_to_a_property_of_a_component_is_the_type_that_property_has()
    {
        GeneratorRun run = Run(SchemasHeader + Components);

        run.AssertNoDiagnostics();
        Assert.Contains("public AX? R\n", run.Model("B"), StringComparison.Ordinal);
        Assert.Contains("public AX? X\n", run.Model("A"), StringComparison.Ordinal);
        Assert.DoesNotContain("Contoso.Test.TClient.AX2.g.cs", run.GeneratedSources.Keys);
    }

    [Fact]
    public void Reference_with_escaped_segments_resolves_to_the_property_it_names()
    {
        GeneratorRun run = Run(SchemasHeader + Components + "    C:\n      type: object\n      properties:\n        id:\n          $ref: '#/components/schemas/A/properties/a~1b'\n");

        run.AssertNoDiagnostics();
        Assert.Contains("public long? Id\n", run.Model("C"), StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_through_items_resolves_to_the_element_type_of_the_array()
    {
        GeneratorRun run = Run(SchemasHeader + Components + "    C:\n      type: object\n      properties:\n        one:\n          $ref: '#/components/schemas/A/properties/t~0n/items'\n");

        run.AssertNoDiagnostics();
        string element = Assert.Single(run.GeneratedSources.Keys, hint => hint.EndsWith("Item.g.cs", StringComparison.Ordinal))["Contoso.Test.TClient.".Length..^".g.cs".Length];
        Assert.Contains("public IList<" + element + ">? TN\n", run.Model("A"), StringComparison.Ordinal);
        Assert.Contains("public " + element + "? One\n", run.Model("C"), StringComparison.Ordinal);
    }

    [Fact]
    public void AllOf_part_referring_to_a_property_of_a_component_contributes_its_properties()
    {
        GeneratorRun run = Run(SchemasHeader + Components + "    C:\n      allOf:\n        - $ref: '#/components/schemas/A/properties/x'\n        - type: object\n          properties:\n            w:\n              type: string\n");

        run.AssertNoDiagnostics();
        Assert.Contains("public string? Y\n", run.Model("C"), StringComparison.Ordinal);
        Assert.Contains("public string? W\n", run.Model("C"), StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_to_a_property_that_does_not_exist_is_reported_unresolved_at_its_place()
    {
        GeneratorRun run = Run(SchemasHeader + Components + "    C:\n      type: object\n      properties:\n        gone:\n          $ref: '#/components/schemas/A/properties/nope'\n");

        Diagnostic diagnostic = run.SingleDiagnostic("SCG0002", DiagnosticSeverity.Warning);
        Assert.Contains("'#/components/schemas/A/properties/nope'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(34, diagnostic.Line());
        Assert.Contains("public JsonElement? Gone\n", run.Model("C"), StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_that_leads_back_to_itself_is_reported_and_typed_as_json()
    {
        GeneratorRun run = Run(SchemasHeader + "    A:\n      type: object\n      properties:\n        x:\n          $ref: '#/components/schemas/A/properties/x'\n");

        Diagnostic diagnostic = run.SingleDiagnostic("SCG0012", DiagnosticSeverity.Warning);
        Assert.Contains("/components/schemas/A/properties/x is a $ref alias in a cycle (/components/schemas/A/properties/x -> /components/schemas/A/properties/x)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(10, diagnostic.Line());
        Assert.Contains("public JsonElement? X\n", run.Model("A"), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }
}
