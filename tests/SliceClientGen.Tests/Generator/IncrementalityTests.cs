using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SliceClientGen.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Tests.Generator;

/// <summary>What keeps the IDE fast: unrelated edits reuse every step after reading the document.</summary>
public sealed class IncrementalityTests
{
    private static readonly string[] TrackedSteps = [TrackingNames.Input, TrackingNames.Model, TrackingNames.Types, TrackingNames.Diagnostics, TrackingNames.Client];

    [Fact]
    public void Unrelated_source_edit_reuses_every_tracked_step()
    {
        GeneratorRun first = GeneratorHarness.Run([Documents.EndpointSlices()], sources: ["class A { }"]);
        Compilation edited = first.InputCompilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }", GeneratorHarness.ParseOptions));

        GeneratorRunResult second = first.Driver.RunGenerators(edited).GetRunResult().Results[0];

        foreach (string step in TrackedSteps)
        {
            Assert.All(
                second.TrackedSteps[step].SelectMany(s => s.Outputs),
                output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, step + " was " + output.Reason));
        }
    }

    [Fact]
    public void Whitespace_only_edit_of_the_document_leaves_emitted_code_cached()
    {
        GeneratorRun first = GeneratorHarness.Run([Documents.EndpointSlices()]);
        var (path, text, ns, className) = Documents.EndpointSlices();

        GeneratorRun second = first.Rerun([(path, text.Replace("\npaths:", "\n\n\npaths:", StringComparison.Ordinal) + "\n\n", ns, className)]);

        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(second, TrackingNames.Input).Single());
        // The model may change (info diagnostics carry line numbers that moved); the emitted code does not.
        Assert.All(Reasons(second, TrackingNames.Types), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
        Assert.All(Reasons(second, TrackingNames.Client), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
    }

    [Fact]
    public void Editing_a_schema_regenerates_only_that_type()
    {
        GeneratorRun first = GeneratorHarness.Run([Documents.EndpointSlices()]);
        var (path, text, ns, className) = Documents.EndpointSlices();

        GeneratorRun second = first.Rerun([(path, text.Replace("description: Node on which this endpoint resides.", "description: The node.", StringComparison.Ordinal), ns, className)]);

        var reasons = Reasons(second, TrackingNames.Types).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Contains("/// <summary>The node.</summary>", second.GeneratedSources["Contoso.Kube.EndpointSlicesClient.Endpoint.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_the_namespace_metadata_regenerates()
    {
        GeneratorRun first = GeneratorHarness.Run([Documents.EndpointSlices()]);

        GeneratorRun second = first.Rerun([Documents.EndpointSlices(ns: "Other.Kube")]);

        Assert.All(Reasons(second, TrackingNames.Types), reason => Assert.NotEqual(IncrementalStepRunReason.Cached, reason));
        Assert.Contains("namespace Other.Kube;", second.GeneratedSources["Other.Kube.EndpointSlicesClient.EndpointSlice.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Pipeline_model_holds_no_symbols_syntax_compilations_or_openapi_objects()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Discovery()]);

        foreach (string step in TrackedSteps)
        {
            foreach (object value in run.Result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value))
            {
                AssertNoForbiddenObjects(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRun run, string step) =>
        run.Result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    private static void AssertNoForbiddenObjects(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !visited.Add(value))
        {
            return;
        }

        Type type = value.GetType();
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel, path + " holds a " + type);
        Assert.False(type.Namespace?.StartsWith("Microsoft.OpenApi", StringComparison.Ordinal) == true, path + " holds a " + type);
        Assert.False(type.Namespace?.StartsWith("YamlDotNet", StringComparison.Ordinal) == true, path + " holds a " + type);

        if (value is IEnumerable items)
        {
            int index = 0;
            foreach (object? item in items)
            {
                AssertNoForbiddenObjects(item, path + "[" + index++ + "]", visited);
            }
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoForbiddenObjects(field.GetValue(value), path + "." + field.Name, visited);
        }
    }
}
