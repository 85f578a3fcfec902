using Microsoft.CodeAnalysis;
using SliceClientGen.Tests.Infrastructure;
using Xunit;
using static SliceClientGen.Tests.Generator.InlineDocument;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// SCG0020 for unions with nested unions, maps and objects: each message names the two cases, the JSON both read and
/// which case such a value reads as, with the tokens a nested union reads once it is built.
/// </summary>
public sealed class UnionAmbiguityMessageTests
{
    private const string Objects =
        "    Flat:\n      type: object\n      properties:\n        x: { type: string }\n" +
        "    Deep:\n      type: object\n      properties:\n        y: { type: string }\n";

    [Fact]
    public void Nested_union_reading_objects_beside_object_cases_picked_by_name_says_when_it_reads_one()
    {
        GeneratorRun run = Run(SchemasHeader + Objects +
            "    Everything:\n      oneOf:\n        - oneOf:\n            - type: array\n              items: { type: string }\n            - type: object\n              properties:\n                z: { type: string }\n" +
            "        - $ref: '#/components/schemas/Flat'\n        - $ref: '#/components/schemas/Deep'\n");

        Diagnostic diagnostic = run.SingleDiagnostic("SCG0020", DiagnosticSeverity.Info);
        Assert.Equal(
            "In the union 'Everything' at /components/schemas/Everything, the cases Flat and EverythingOption1 cannot always be told apart (both read JSON objects and EverythingOption1 is a union, so the property names present cannot pick it): " +
            "an object reads as the case its property names pick (Flat requires none, so one always is), and as EverythingOption1 only when that case cannot read it. Add a discriminator, required properties or distinct types to the alternatives to make the choice explicit.",
            diagnostic.GetMessage());
        Assert.Equal(15, diagnostic.Line());
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void Map_beside_a_single_object_case_reads_objects_only_when_listed_first()
    {
        GeneratorRun run = Run(SchemasHeader + Objects + "    Bag:\n      oneOf:\n        - $ref: '#/components/schemas/Flat'\n        - type: object\n          additionalProperties: { type: integer }\n");

        Diagnostic diagnostic = run.SingleDiagnostic("SCG0020", DiagnosticSeverity.Info);
        Assert.Contains("the cases Flat and Int32Map cannot always be told apart (both read JSON objects): such a value reads as the first case that reads it without error, Flat.", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Component_union_built_later_is_judged_by_the_tokens_it_reads_not_as_any_json()
    {
        // A is built before B: B's cases (integer, boolean) share no token kind with A's string case.
        GeneratorRun run = Run(SchemasHeader + "    A:\n      oneOf:\n        - $ref: '#/components/schemas/B'\n        - type: string\n    B:\n      oneOf:\n        - type: integer\n        - type: boolean\n");

        run.AssertNoDiagnostics();
    }

    [Fact]
    public void Component_union_built_later_that_shares_a_token_kind_is_named_with_that_kind_only()
    {
        GeneratorRun run = Run(SchemasHeader + "    A:\n      oneOf:\n        - $ref: '#/components/schemas/B'\n        - type: number\n    B:\n      oneOf:\n        - type: integer\n        - type: string\n");

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "SCG0020" && d.GetMessage().Contains("union 'A'", StringComparison.Ordinal));
        Assert.Contains("the cases B and Double cannot always be told apart (both read JSON integers): such a value reads as the first case that reads it without error, B.", diagnostic.GetMessage(), StringComparison.Ordinal);
    }
}
