using Microsoft.CodeAnalysis;
using SliceClientGen.Tests.Infrastructure;
using Xunit;
using static SliceClientGen.Tests.Generator.InlineDocument;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// Schemas that refer to themselves through allOf, anyOf and oneOf: the generator finishes (no stack overflow, no
/// exponential walk), says what it left out (SCG0012) and the output compiles.
/// </summary>
public sealed class SchemaCycleTests
{
    [Fact]
    public void Inline_allOf_that_includes_its_enclosing_schema_is_a_recursive_type()
    {
        // Building AChild collects A's properties, among them 'child' itself: it refers to AChild instead of building it again.
        GeneratorRun run = Run(SchemasHeader + "    A:\n      type: object\n      properties:\n        x:\n          type: string\n        child:\n          allOf:\n            - $ref: '#/components/schemas/A'\n            - type: object\n              properties:\n                y:\n                  type: string\n");

        run.AssertNoDiagnostics();
        string child = run.Model("AChild");
        Assert.Contains("public AChild? Child", child, StringComparison.Ordinal);
        Assert.Contains("public string? Y", child, StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_union_whose_alternative_includes_its_enclosing_schema_refers_to_itself()
    {
        GeneratorRun run = Run(SchemasHeader + "    A:\n      type: object\n      properties:\n        x:\n          type: string\n        c:\n          anyOf:\n            - allOf:\n                - $ref: '#/components/schemas/A'\n                - properties:\n                    y:\n                      type: string\n            - type: string\n");

        run.AssertNoDiagnostics();
        Assert.Contains("public AC? C", run.Model("ACOption1"), StringComparison.Ordinal);
    }

    [Fact]
    public void AllOf_listing_the_schema_itself_is_reported_at_the_ref_and_adds_nothing()
    {
        GeneratorRun run = Run(SchemasHeader + "    A:\n      allOf:\n        - $ref: '#/components/schemas/A'\n        - type: object\n          properties:\n            y:\n              type: string\n");

        Diagnostic diagnostic = run.SingleDiagnostic("SCG0012", DiagnosticSeverity.Warning);
        Assert.Equal(9, diagnostic.Line());
        Assert.Contains("/components/schemas/A/allOf/0 includes itself through allOf", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(run.Model("A"), "public string\\? Y\\s"));
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void AllOf_cycle_through_two_schemas_names_the_chain_and_both_generate()
    {
        GeneratorRun run = Run(SchemasHeader + "    A:\n      allOf:\n        - $ref: '#/components/schemas/B'\n        - properties:\n            a: {type: string}\n    B:\n      allOf:\n        - $ref: '#/components/schemas/A'\n        - properties:\n            b: {type: string}\n");

        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "SCG0012" && d.GetMessage().Contains("/components/schemas/A -> /components/schemas/B -> /components/schemas/A", StringComparison.Ordinal));
        Assert.Matches("public string\\? B\\s", run.Model("A"));
        Assert.Matches("public string\\? A\\s", run.Model("B"));
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void Schema_reached_through_allOf_by_many_paths_is_collected_once()
    {
        // Each level lists the previous one twice: walked path by path, L24 would visit L0 2^24 times. Not compiled:
        // the other tests compile allOf output; this one is about the walk.
        var yaml = new System.Text.StringBuilder(SchemasHeader + "    L0:\n      type: object\n      properties:\n        p0: {type: string}\n");
        for (int i = 1; i <= 24; i++)
        {
            yaml.Append("    L").Append(i).Append(":\n      allOf:\n        - $ref: '#/components/schemas/L").Append(i - 1)
                .Append("'\n        - $ref: '#/components/schemas/L").Append(i - 1).Append("'\n        - properties:\n            p").Append(i).Append(": {type: string}\n");
        }

        GeneratorRun run = Run(yaml.ToString());

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Matches("public string\\? P0\\s", run.Model("L24"));
    }

    [Theory]
    [InlineData("anyOf")]
    [InlineData("oneOf")]
    public void Union_alternative_that_is_the_union_itself_is_left_out_with_a_warning(string keyword)
    {
        GeneratorRun run = Run(SchemasHeader + "    A:\n      " + keyword + ":\n        - $ref: '#/components/schemas/A'\n        - type: string\n        - type: integer\n");

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "SCG0012");
        Assert.Equal(9, diagnostic.Line());
        Assert.Contains("is the union 'A' it is an alternative of", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain("IsA ", run.Model("A"), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void Unions_that_are_alternatives_of_each_other_compile_with_the_cycle_broken()
    {
        // Two structs cannot hold each other (CS0523): B's case A closes the cycle and is left out.
        GeneratorRun run = Run(SchemasHeader + "    A:\n      oneOf:\n        - $ref: '#/components/schemas/B'\n        - type: integer\n    B:\n      oneOf:\n        - $ref: '#/components/schemas/A'\n        - type: string\n");

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "SCG0012");
        Assert.Contains("(A -> B -> A): the case A is left out of 'B'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }
}
