using Microsoft.CodeAnalysis;
using SliceClientGen.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Tests.Generator;

/// <summary>One test per diagnostic id: reported at the offending line of the OpenAPI file, never a crash.</summary>
public sealed class DiagnosticTests
{
    private const string Header = "openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\npaths: {}\n";

    [Fact]
    public void SCG0001_unreadable_yaml_points_at_the_line()
    {
        Diagnostic diagnostic = Single(Header + "components:\n  schemas:\n    A: [unclosed\n", "SCG0001");

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("/project/openapi/doc.yml", diagnostic.Location.GetLineSpan().Path);
        Assert.True(diagnostic.Location.GetLineSpan().StartLinePosition.Line >= 7);
    }

    [Fact]
    public void SCG0002_unresolved_ref_points_at_the_ref()
    {
        Diagnostic diagnostic = Single(Header + "components:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/Missing'\n", "SCG0002");

        Assert.Equal(11, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("#/components/schemas/Missing", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("/components/schemas/A/properties/b/$ref", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void SCG0003_unsupported_construct_is_skipped_and_the_rest_generated()
    {
        GeneratorRun run = Run(Header + "components:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          oneOf:\n            - type: string\n            - type: integer\n        c:\n          type: string\n");

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "SCG0003");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(10, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("public JsonElement? B", run.GeneratedSources["Contoso.Test.TClient.A.g.cs"], StringComparison.Ordinal);
        Assert.Contains("public string? C", run.GeneratedSources["Contoso.Test.TClient.A.g.cs"], StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void SCG0004_schemas_with_the_same_csharp_name_get_a_suffix()
    {
        GeneratorRun run = Run(Header + "components:\n  schemas:\n    foo_bar:\n      type: object\n      properties:\n        a:\n          type: string\n    FooBar:\n      type: object\n      properties:\n        b:\n          type: string\n");

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "SCG0004");
        Assert.Equal(12, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
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
        Assert.Equal(197, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void Json_syntax_error_is_reported_not_thrown()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("doc.json", "{\"openapi\": \"3.0.0\",\n \"info\": {\"title\": \"T\"\n")]);

        Assert.Null(run.Result.Exception);
        Assert.Equal("SCG0001", Assert.Single(run.GeneratorDiagnostics).Id);
    }

    private static GeneratorRun Run(string yaml) => GeneratorHarness.Run([Documents.Inline("doc.yml", yaml)]);

    private static Diagnostic Single(string yaml, string id)
    {
        GeneratorRun run = Run(yaml);
        Assert.Null(run.Result.Exception);
        return Assert.Single(run.GeneratorDiagnostics, d => d.Id == id);
    }
}
