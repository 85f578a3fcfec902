using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using SliceClientGen.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Tests.Generator;

/// <summary>The whole generated output, compared to committed snapshots and compiled with warnings as errors.</summary>
public sealed class GeneratedOutputTests
{
    [Fact]
    public void Endpoint_slice_document_output_matches_snapshot()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.EndpointSlices()]);

        Snapshot.Verify("EndpointSlices", run.RenderSources());
    }

    [Fact]
    public void Endpoint_slice_document_compiles_without_warnings()
    {
        GeneratorHarness.Run([Documents.EndpointSlices()]).AssertNoDiagnostics();
    }

    [Fact]
    public void Endpoint_slice_document_compiles_without_warnings_under_strict_nullable_analysis()
    {
        GeneratorHarness.Run([Documents.EndpointSlices()]).AssertNullableCleanUnderStrictAnalysis();
    }

    [Fact]
    public void Kubernetes_server_document_output_matches_snapshot()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Discovery()]);

        Snapshot.Verify("KubernetesDiscoveryV1", run.RenderSources());
    }

    [Fact]
    public void Kubernetes_server_document_compiles_without_warnings()
    {
        GeneratorHarness.Run([Documents.Discovery()]).AssertNoDiagnostics();
    }

    [Fact]
    public void Kubernetes_server_document_compiles_without_warnings_under_strict_nullable_analysis()
    {
        GeneratorHarness.Run([Documents.Discovery()]).AssertNullableCleanUnderStrictAnalysis();
    }

    [Fact]
    public void Kubernetes_server_document_shortens_dotted_schema_names()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Discovery()]);

        Assert.Contains("Contoso.Discovery.KubernetesClient.EndpointSlice.g.cs", run.GeneratedSources.Keys);
        Assert.Contains("Contoso.Discovery.KubernetesClient.ObjectMeta.g.cs", run.GeneratedSources.Keys);
        Assert.DoesNotContain(run.GeneratedSources.Keys, name => name.Contains("IoK8s", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_documents_with_the_same_class_name_in_different_namespaces_generate_side_by_side()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.EndpointSlices(ns: "Contoso.A", className: "KubeClient"), Documents.Discovery(ns: "Contoso.B", className: "KubeClient")]);

        run.AssertNoDiagnostics();
        Assert.Contains("Contoso.A.KubeClient.g.cs", run.GeneratedSources.Keys);
        Assert.Contains("Contoso.B.KubeClient.g.cs", run.GeneratedSources.Keys);
    }

    [Fact]
    public void Two_documents_whose_targets_overlap_get_SCG0016_instead_of_losing_all_output()
    {
        // "Contoso.A" + "Kube" + the type EndpointSlice and "Contoso.A.Kube" + "EndpointSlice" both name a file
        // Contoso.A.Kube.EndpointSlice.g.cs (and C# would see the class Contoso.A.Kube and the namespace Contoso.A.Kube).
        GeneratorRun run = GeneratorHarness.Run([Documents.EndpointSlices(ns: "Contoso.A", className: "Kube"), Documents.Discovery(ns: "Contoso.A.Kube", className: "EndpointSlice")]);

        Assert.Null(run.Result.Exception);
        Diagnostic clash = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "SCG0016");
        Assert.Equal(DiagnosticSeverity.Error, clash.Severity);
        Assert.Contains("'Contoso.A.Kube.EndpointSlice.g.cs'", clash.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("Contoso.A.Kube.g.cs", run.GeneratedSources.Keys);
        Assert.Contains("Contoso.A.Kube.EndpointSlice.g.cs", run.GeneratedSources.Keys);
        Assert.Contains("Contoso.A.Kube.EndpointSlice.EndpointSliceList.g.cs", run.GeneratedSources.Keys);
    }

    [Fact]
    public void Two_documents_with_one_target_get_one_SCG0016_for_all_the_files_left_out()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.EndpointSlices(ns: "Contoso.A", className: "Kube"), Documents.Discovery(ns: "Contoso.A", className: "Kube")]);

        Assert.Null(run.Result.Exception);
        Diagnostic clash = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "SCG0016");
        Assert.Matches(@"generates 'Contoso\.A\.Kube\.[A-Za-z.]+\.g\.cs' and \d+ more files", clash.GetMessage(CultureInfo.InvariantCulture));
        Assert.Contains("Contoso.A.Kube.g.cs", run.GeneratedSources.Keys);
    }

    [Fact]
    public void Constructs_document_output_matches_snapshot()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Constructs()]);

        Snapshot.Verify("Constructs", run.RenderSources());
    }

    [Fact]
    public void Constructs_document_compiles_without_warnings()
    {
        GeneratorHarness.Run([Documents.Constructs()]).AssertNoDiagnostics();
    }

    [Fact]
    public void Constructs_document_compiles_without_warnings_under_strict_nullable_analysis()
    {
        GeneratorHarness.Run([Documents.Constructs()]).AssertNullableCleanUnderStrictAnalysis();
    }

    [Fact]
    public void Two_documents_generate_side_by_side()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.EndpointSlices(), Documents.Discovery()]);

        run.AssertNoDiagnostics();
        Assert.Contains("Contoso.Kube.EndpointSlicesClient.EndpointSlice.g.cs", run.GeneratedSources.Keys);
        Assert.Contains("Contoso.Discovery.KubernetesClient.EndpointSlice.g.cs", run.GeneratedSources.Keys);
    }

    [Fact]
    public void Namespace_defaults_to_root_namespace()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.EndpointSlices(ns: null)], rootNamespace: "My.Project");

        Assert.Contains("namespace My.Project;", run.GeneratedSources["My.Project.EndpointSlicesClient.EndpointSlice.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Class_name_defaults_to_a_name_from_the_title()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.EndpointSlices(className: null)]);

        Assert.Contains("Contoso.Kube.KubernetesServicesKubernetesEndpointSlicesAPIClient.EndpointSlice.g.cs", run.GeneratedSources.Keys);
    }

    [Fact]
    public void Each_generated_type_is_one_file_with_a_model_converter_nested_in_it()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.EndpointSlices()]);

        string endpointSlice = run.GeneratedSources["Contoso.Kube.EndpointSlicesClient.EndpointSlice.g.cs"];
        Assert.Contains("public sealed class JsonConverter", endpointSlice, StringComparison.Ordinal);
        Assert.DoesNotContain(run.GeneratedSources.Keys, name => name.Contains("JsonConverter", StringComparison.Ordinal));
        Assert.Single(run.OutputCompilation.GetSymbolsWithName("EndpointSlice", SymbolFilter.Type).Single().DeclaringSyntaxReferences);
    }

    [Fact]
    public void A_model_can_be_extended_with_a_partial_declaration_of_the_user()
    {
        GeneratorRun run = GeneratorHarness.Run(
            [Documents.EndpointSlices()],
            sources: ["namespace Contoso.Kube;\npublic sealed partial class EndpointSlice\n{\n    public int EndpointCount => Endpoints.Count;\n}"]);

        run.AssertNoDiagnostics();
    }

    [Fact]
    public void A_schema_named_ServiceCollectionExtensions_generates_beside_the_client_registration()
    {
        const string Document = InlineDocument.Start + """
            paths:
              /pets:
                get:
                  operationId: listPets
                  responses:
                    '200':
                      description: The pets
                      content:
                        application/json:
                          schema: { $ref: '#/components/schemas/ServiceCollectionExtensions' }
            components:
              schemas:
                ServiceCollectionExtensions:
                  type: object
                  properties:
                    name: { type: string }
            """;

        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("doc.yml", Document)]);

        run.AssertNoDiagnostics();
        Assert.Contains("public sealed partial class ServiceCollectionExtensions", run.Model("ServiceCollectionExtensions"), StringComparison.Ordinal);
        Assert.Contains("public static class TClientServiceCollectionExtensions", run.GeneratedSources["Contoso.Test.TClientServiceCollectionExtensions.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_file_is_marked_generated_nullable_and_attributed()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.EndpointSlices()]);

        Assert.All(run.GeneratedSources.Values, text =>
        {
            Assert.StartsWith("// <auto-generated/>", text, StringComparison.Ordinal);
            Assert.Contains("#nullable enable", text, StringComparison.Ordinal);
            Assert.Contains("[GeneratedCode(\"SliceClientGen\"", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Output_is_deterministic()
    {
        string first = GeneratorHarness.Run([Documents.Discovery()]).RenderSources();
        string second = GeneratorHarness.Run([Documents.Discovery()]).RenderSources();

        Assert.Equal(first, second);
    }
}
