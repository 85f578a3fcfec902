using Microsoft.CodeAnalysis;
using SliceClientGen.Tests.Infrastructure;
using Xunit;
using static SliceClientGen.Tests.Generator.InlineDocument;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// Documents other tools read are read here too: every OpenAPI 3.x version, YAML that libyaml accepts, documents
/// without paths; and what cannot be read is reported at its place.
/// </summary>
public sealed class DocumentReadingTests
{
    [Fact]
    public void OpenApi_3_2_document_generates_like_3_1()
    {
        GeneratorRun run = Run("openapi: 3.2.0\n" + Info + "paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/A'\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        x:\n          type: string\n");

        run.AssertNoDiagnostics();
        Assert.Contains("Task<A> GetAAsync(", run.Client(), StringComparison.Ordinal);
    }

    [Fact]
    public void Document_without_an_openapi_version_is_an_error_and_generates_nothing()
    {
        GeneratorRun run = Run(Info + "paths: {}\n");

        Diagnostic diagnostic = run.SingleDiagnostic("SCG0007", DiagnosticSeverity.Error);
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void Truncated_one_line_file_is_reported_on_that_line()
    {
        GeneratorRun run = Run("{\"openapi\": \"3.0.0\", \"info\": {");

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SCG0001", diagnostic.Id);
        Assert.Equal(0, diagnostic.Line());
    }

    [Fact]
    public void Keep_block_scalar_whose_only_line_is_spaces_reads_and_later_lines_keep_their_place()
    {
        // YamlDotNet refuses this ("found extra spaces in first line"); libyaml and the YAML 1.2 specification read it.
        GeneratorRun run = Run(Start + "  description: |+\n    \npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/Missing'\n");

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SCG0002", diagnostic.Id);
        Assert.Equal(13, diagnostic.Line());
        Assert.Equal(10, diagnostic.Location.GetLineSpan().StartLinePosition.Character);
        Assert.Contains("Contoso.Test.TClient.A.g.cs", run.GeneratedSources.Keys);
    }

    [Fact]
    public void Alias_bomb_is_refused_at_its_place_instead_of_expanding()
    {
        string bomb = "  x-a: &a [1,1,1,1,1,1,1,1,1,1]\n";
        char previous = 'a';
        foreach (char name in "bcdefgh")
        {
            bomb += "  x-" + name + ": &" + name + " [" + string.Join(",", Enumerable.Repeat("*" + previous, 10)) + "]\n";
            previous = name;
        }

        GeneratorRun run = Run(Start + bomb + "paths: {}\n");

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SCG0001", diagnostic.Id);
        Assert.Contains("alias", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.InRange(diagnostic.Line(), 4, 11);
    }

    [Fact]
    public void Webhooks_only_document_generates_its_components_and_an_empty_client()
    {
        GeneratorRun run = Run(Start + "webhooks:\n  newPet:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/Pet'\n      responses:\n        '200':\n          description: ok\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name:\n          type: string\n");

        run.AssertNoDiagnostics();
        Assert.Contains("Contoso.Test.TClient.Pet.g.cs", run.GeneratedSources.Keys);
        Assert.Contains("Contoso.Test.TClient.g.cs", run.GeneratedSources.Keys);
    }

    [Fact]
    public void Inline_schemas_nested_deeper_than_a_json_readers_default_limit_generate()
    {
        // 25 nested inline objects are 75 JSON levels: past the 64 that Microsoft.OpenApi's own JSON parse allows.
        GeneratorRun run = Run(Start + "paths: {}\ncomponents:\n  schemas:\n" + NestedObjects(25));

        run.AssertNoDiagnostics();
        Assert.Contains(run.GeneratedSources.Keys, hint => hint.Contains("RootP0P1P2", StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_nested_past_the_depth_limit_becomes_json_element_with_one_warning_at_its_place()
    {
        GeneratorRun run = Run(SchemasHeader + NestedObjects(110) + "    Other:\n      type: object\n      properties:\n        x:\n          type: string\n");

        Diagnostic diagnostic = run.SingleDiagnostic("SCG0014", DiagnosticSeverity.Warning);
        string pointer = "/components/schemas/Root" + string.Concat(Enumerable.Range(0, 93).Select(i => "/properties/p" + i));
        Assert.Equal("The schema at " + pointer + " nests deeper than the 200 levels SliceClientGen reads: it is read as {} and typed as JsonElement (any JSON value), so the properties and types nested inside it are not generated. The rest of the document is generated.", diagnostic.GetMessage());
        Assert.Equal(10 + (92 * 3), diagnostic.Line());
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains("Contoso.Test.TClient.Other.g.cs", run.GeneratedSources.Keys);
        Assert.Single(run.GeneratedSources.Values, source => source.Contains("public JsonElement? P92\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("yaml")]
    public void Ten_thousand_nested_levels_generate_everything_above_the_cut(string syntax)
    {
        // A flow collection 10,000 levels deep: YamlDotNet's node tree recursed once per level and overflowed the stack.
        bool json = syntax == "json";
        var deep = new System.Text.StringBuilder();
        for (int i = 0; i < 5000; i++)
        {
            deep.Append(json ? "{\"type\": \"object\", \"properties\": {\"p\": " : "{type: object, properties: {p: ");
        }

        deep.Append(json ? "{\"type\": \"string\"}" : "{type: string}").Append('}', 10000);
        string text = json
            ? "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"paths\": {}, \"components\": {\"schemas\": {\"Root\": " + deep + ", \"Other\": {\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"string\"}}}}}}"
            : SchemasHeader + "    Root: " + deep + "\n    Other:\n      type: object\n      properties:\n        x:\n          type: string\n";

        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("doc." + syntax, text)]);

        Assert.Null(run.Result.Exception);
        Diagnostic diagnostic = run.SingleDiagnostic("SCG0014", DiagnosticSeverity.Warning);
        Assert.StartsWith("The schema at /components/schemas/Root/properties/p/properties/p/", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains("Contoso.Test.TClient.Other.g.cs", run.GeneratedSources.Keys);
        Assert.Contains("Contoso.Test.TClient.Root.g.cs", run.GeneratedSources.Keys);
    }

    [Fact]
    public void Example_nested_past_the_depth_limit_is_read_as_null_and_the_schema_keeps_its_type()
    {
        string example = new string('[', 300) + new string(']', 300);
        GeneratorRun run = Run(SchemasHeader + "    A:\n      type: object\n      properties:\n        x:\n          type: string\n      example: " + example + "\n");

        Diagnostic diagnostic = run.SingleDiagnostic("SCG0014", DiagnosticSeverity.Warning);
        Assert.StartsWith("The value at /components/schemas/A/example/0/0/", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("it is read as null, so what it holds is left out", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("string? X", run.Model("A"), StringComparison.Ordinal);
    }

    /// <summary>A component 'Root' with <paramref name="levels"/> inline objects nested through properties p0, p1, …</summary>
    private static string NestedObjects(int levels)
    {
        var yaml = new System.Text.StringBuilder("    Root:\n");
        string indent = "      ";
        for (int i = 0; i < levels; i++)
        {
            yaml.Append(indent).Append("type: object\n").Append(indent).Append("properties:\n").Append(indent).Append("  p").Append(i).Append(":\n");
            indent += "    ";
        }

        return yaml.Append(indent).Append("type: string\n").ToString();
    }
}
