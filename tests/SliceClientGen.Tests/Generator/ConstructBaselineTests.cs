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

    [Fact]
    public void Int_or_string() => Verify("IntOrString", """
        type: object
        properties:
          targetPort:
            x-kubernetes-int-or-string: true
            anyOf:
              - type: integer
              - type: string
          maxSurge:
            type: string
            format: int-or-string
        """);

    [Fact]
    public void Discriminated_base_with_a_variant_and_the_unknown_variant() => VerifyTypes("Polymorphic", """
        Pet:
          type: object
          required: [petType]
          properties:
            petType: { type: string }
            name: { type: string }
          discriminator:
            propertyName: petType
            mapping:
              cat: '#/components/schemas/Cat'
        Cat:
          allOf:
            - $ref: '#/components/schemas/Pet'
            - type: object
              properties:
                lives: { type: integer }
        Dog:
          description: Not in the mapping; its discriminator value is its schema name.
          allOf:
            - $ref: '#/components/schemas/Pet'
        """, "Pet", "Cat", "UnknownPet");

    [Fact]
    public void Union_without_a_discriminator() => VerifyTypes("Union", """
        Geometry:
          oneOf:
            - $ref: '#/components/schemas/Circle'
            - $ref: '#/components/schemas/Square'
            - type: string
        Circle:
          type: object
          required: [radius]
          properties:
            radius: { type: number }
        Square:
          type: object
          required: [side]
          properties:
            side: { type: number }
        """, "Geometry");

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

    /// <summary>
    /// Generates a document of <paramref name="schemas"/> (component schemas, unindented) and compares the files of
    /// the types <paramref name="types"/> (a model's file holds its converter) with the baseline.
    /// </summary>
    private static void VerifyTypes(string name, string schemas, params string[] types)
    {
        string indented = string.Join("\n", schemas.Split('\n').Select(line => "    " + line));
        string yaml = "openapi: 3.0.3\ninfo:\n  title: Baseline\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n" + indented + "\n";
        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("baseline.yml", yaml, ns: "Baseline", className: "BaselineClient")]);

        run.AssertNoDiagnostics();
        string files = string.Concat(types
            .Select(type => "Baseline.BaselineClient." + type + ".g.cs")
            .Select(file => "//----- " + file + " -----\n" + run.GeneratedSources[file].ReplaceLineEndings("\n")));
        Snapshot.Verify("Baselines/" + name, files);
    }
}
