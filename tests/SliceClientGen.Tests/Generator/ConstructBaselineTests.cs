using System.Linq;
using SliceClientGen.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// One small baseline per schema construct (<c>Snapshots/Baselines/*.verified.txt</c>, as LoggerMessage's generator
/// keeps them): the model and converter generated for a one-schema document, so an emitter change shows a small,
/// readable diff. The whole-document snapshots are the smoke test; these are the specification.
/// </summary>
public sealed class ConstructBaselineTests
{
    [Fact]
    public void Required_string() => Verify("RequiredString", """
        type: object
        required: [name]
        properties:
          name:
            type: string
            description: The name, always sent.
        """);

    [Fact]
    public void Optional_int() => Verify("OptionalInt", """
        type: object
        properties:
          replicas:
            type: integer
            format: int32
        """);

    [Fact]
    public void Enum() => Verify("Enum", """
        type: string
        enum: [TCP, UDP, SCTP]
        """);

    [Fact]
    public void List() => Verify("List", """
        type: object
        properties:
          addresses:
            type: array
            items:
              type: string
        """);

    [Fact]
    public void Dictionary() => Verify("Dictionary", """
        type: object
        properties:
          labels:
            type: object
            additionalProperties:
              type: string
        """);

    [Fact]
    public void Nested_object() => Verify("NestedObject", """
        type: object
        required: [target]
        properties:
          target:
            type: object
            properties:
              kind:
                type: string
        """);

    [Fact]
    public void Property_named_like_a_framework_type() => Verify("FrameworkTypeNames", """
        type: object
        properties:
          type:
            type: string
          string:
            type: string
          jsonElement:
            type: integer
          task:
            type: boolean
        """);

    [Fact]
    public void Const_and_default_values() => Verify("ConstAndDefault", """
        type: object
        properties:
          kind:
            type: string
            enum: [Sample]
            default: Sample
          port:
            type: integer
            default: 80
        """);

    /// <summary>Generates a document whose only schema is <c>Sample</c> and compares its files with the baseline.</summary>
    private static void Verify(string name, string schema)
    {
        string indented = string.Join("\n", schema.Split('\n').Select(line => "      " + line));
        string yaml = "openapi: 3.0.3\ninfo:\n  title: Baseline\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    Sample:\n" + indented + "\n";
        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("baseline.yml", yaml, ns: "Baseline", className: "BaselineClient")]);

        run.AssertNoDiagnostics();
        string files = string.Concat(run.GeneratedSources
            .Where(source => source.Key.StartsWith("Baseline.BaselineClient.Sample", System.StringComparison.Ordinal))
            .Select(source => "//----- " + source.Key + " -----\n" + source.Value.ReplaceLineEndings("\n")));
        Snapshot.Verify("Baselines/" + name, files);
    }
}
