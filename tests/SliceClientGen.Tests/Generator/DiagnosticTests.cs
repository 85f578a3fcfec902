using Microsoft.CodeAnalysis;
using SliceClientGen.Tests.Infrastructure;
using Xunit;
using static SliceClientGen.Tests.Generator.InlineDocument;

namespace SliceClientGen.Tests.Generator;

/// <summary>One test per diagnostic id: reported at the offending line of the OpenAPI file, never a crash.</summary>
public sealed class DiagnosticTests
{
    [Fact]
    public void SCG0001_unreadable_yaml_points_at_the_line()
    {
        Diagnostic diagnostic = Single(SchemasHeader + "    A: [unclosed\n", "SCG0001");

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("/project/openapi/doc.yml", diagnostic.Location.GetLineSpan().Path);
        Assert.True(diagnostic.Line() >= 7);
    }

    [Fact]
    public void SCG0002_unresolved_ref_points_at_the_ref()
    {
        Diagnostic diagnostic = Single(SchemasHeader + "    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/Missing'\n", "SCG0002");

        Assert.Equal(11, diagnostic.Line());
        Assert.Contains("#/components/schemas/Missing", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("/components/schemas/A/properties/b/$ref", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void SCG0003_unsupported_construct_is_skipped_and_the_rest_generated()
    {
        // A oneOf beside properties of its own whose alternatives are not objects: a value is a string, an integer or an object.
        GeneratorRun run = Run(SchemasHeader + "    A:\n      type: object\n      properties:\n        b:\n          oneOf:\n            - type: string\n            - type: integer\n          properties:\n            x:\n              type: string\n        c:\n          type: string\n");

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "SCG0003");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(10, diagnostic.Line());
        Assert.Contains("'oneOf' beside the schema's own properties with a non-object alternative (oneOf/0 is of type string)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("public JsonElement? B", run.Model("A"), StringComparison.Ordinal);
        Assert.Contains("public string? C", run.Model("A"), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void SCG0020_union_cases_the_json_cannot_tell_apart_are_explained_with_the_decision()
    {
        GeneratorRun run = Run(SchemasHeader + "    When:\n      oneOf:\n        - type: string\n        - type: string\n          format: date-time\n");

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "SCG0020");
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal(7, diagnostic.Line());
        Assert.Contains("the cases String and DateTimeOffset cannot always be told apart (both read JSON strings)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("reads as the first case that reads it without error, String", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void SCG0003_a_property_two_alternatives_beside_properties_declare_differently_is_kept_as_json()
    {
        GeneratorRun run = Run(SchemasHeader + "    Payment:\n      type: object\n      properties:\n        amount: { type: integer }\n      anyOf:\n        - properties:\n            card: { type: string }\n        - properties:\n            card: { type: integer }\n            iban: { type: string }\n");

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "SCG0003");
        Assert.Contains("the property 'card' declared differently by two alternatives of 'anyOf'", diagnostic.GetMessage(), StringComparison.Ordinal);
        string model = run.Model("Payment");
        Assert.Contains("public JsonElement? Card", model, StringComparison.Ordinal);
        Assert.Contains("public string? Iban", model, StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void Unions_generate_without_unsupported_construct_warnings()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Load("tests/TestDocuments/unions.yml", "Contoso.Unions", null)]);

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "SCG0003");
        Assert.Contains("public abstract partial class Pet", run.GeneratedSources["Contoso.Unions.UnionsClient.Pet.g.cs"], StringComparison.Ordinal);
        Assert.Contains("public sealed partial class Cat : Pet, IEquatable<Cat>", run.GeneratedSources["Contoso.Unions.UnionsClient.Cat.g.cs"], StringComparison.Ordinal);
        Assert.Contains("public readonly partial struct AnyPet : IEquatable<AnyPet>", run.GeneratedSources["Contoso.Unions.UnionsClient.AnyPet.g.cs"], StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void Type_names_from_a_long_nesting_path_stay_short_and_deterministic()
    {
        // Twelve inline objects, each named parent + property: the full names would run past 400 characters.
        var yaml = new System.Text.StringBuilder(SchemasHeader + "    Root:\n      type: object\n");
        string indent = "      ";
        for (int i = 0; i < 12; i++)
        {
            yaml.Append(indent).Append("properties:\n").Append(indent).Append("  aVeryLongPropertyNameNumber").Append(i).Append("ThatKeepsGoing:\n");
            indent += "    ";
            yaml.Append(indent).Append("type: object\n");
        }

        yaml.Append(indent).Append("properties:\n").Append(indent).Append("  leaf:\n").Append(indent).Append("    oneOf: [{type: string}, {type: integer}]\n");
        string document = yaml.ToString();

        GeneratorRun first = Run(document);
        GeneratorRun second = Run(document);

        Assert.All(first.GeneratedSources.Keys, hint => Assert.True(hint.Length < 160, hint));
        Assert.Contains(first.GeneratedSources.Keys, hint => hint.Contains('_', StringComparison.Ordinal));
        Assert.Equal(first.GeneratedSources.Keys.Order(), second.GeneratedSources.Keys.Order());
        Assert.Empty(first.CompilationDiagnostics);
    }

    [Fact]
    public void SCG0004_schemas_with_the_same_csharp_name_get_a_suffix()
    {
        GeneratorRun run = Run(SchemasHeader + "    foo_bar:\n      type: object\n      properties:\n        a:\n          type: string\n    FooBar:\n      type: object\n      properties:\n        b:\n          type: string\n");

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "SCG0004");
        Assert.Equal(12, diagnostic.Line());
        Assert.Contains("Contoso.Test.TClient.FooBar.g.cs", run.GeneratedSources.Keys);
        Assert.Contains("Contoso.Test.TClient.FooBar2.g.cs", run.GeneratedSources.Keys);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void SCG0005_invalid_namespace()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("doc.yml", Header, ns: "Contoso-Kube")]);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SCG0005", diagnostic.Id);
        Assert.Contains("Contoso-Kube", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void SCG0006_invalid_class_name()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("doc.yml", Header, className: "1Client")]);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SCG0006", diagnostic.Id);
    }

    [Fact]
    public void SCG0007_not_an_openapi_document()
    {
        Diagnostic diagnostic = Single("info:\n  title: T\npaths: {}\n", "SCG0007");

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void SCG0008_list_operation_without_watch_parameters_is_told_they_are_offered()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.EndpointSlices()]);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "SCG0008" && d.GetMessage().Contains("listEndpointSlicesAllNamespaces", StringComparison.Ordinal));
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Contains("continue, resourceVersion", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("timeoutSeconds", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(197, diagnostic.Line());
    }

    [Fact]
    public void SCG0009_validation_finding_is_a_warning_at_the_node_and_the_document_still_generates()
    {
        // OpenAPI 3.1 allows an operation without 'responses'; Microsoft.OpenApi's rule set still flags it.
        GeneratorRun run = Run(Header.Replace("paths: {}\n", "", StringComparison.Ordinal) + "paths:\n  /a:\n    get:\n      operationId: getA\n");

        Diagnostic diagnostic = run.SingleDiagnostic("SCG0009", DiagnosticSeverity.Warning);
        Assert.Equal(6, diagnostic.Line());
        Assert.Contains("ResponsesMustContainAtLeastOneResponse", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("GetAAsync(", run.Client(), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void SCG0010_value_that_is_not_openapi_is_a_warning_at_the_node_and_ignored()
    {
        GeneratorRun run = Run(SchemasHeader + "    A:\n      type: object\n      examples: not-a-list\n");

        Diagnostic diagnostic = run.SingleDiagnostic("SCG0010", DiagnosticSeverity.Warning);
        Assert.Equal(9, diagnostic.Line());
        Assert.Contains("Contoso.Test.TClient.A.g.cs", run.GeneratedSources.Keys);
    }

    [Fact]
    public void Json_syntax_error_is_reported_not_thrown()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("doc.json", "{\"openapi\": \"3.0.0\",\n \"info\": {\"title\": \"T\"\n")]);

        Assert.Null(run.Result.Exception);
        Assert.Equal("SCG0001", Assert.Single(run.GeneratorDiagnostics).Id);
    }

    private static Diagnostic Single(string yaml, string id) => Assert.Single(Run(yaml).GeneratorDiagnostics, d => d.Id == id);
}
