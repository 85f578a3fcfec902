using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.CodeAnalysis;
using SliceClientGen.Reading;
using SliceClientGen.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// Property-based: a real document (the pet store) mutated the ways hostile or sloppy documents differ from it (names
/// and texts with line terminators and markup, names of generated members, boolean schemas, $ref cycles, odd
/// defaults, enums of generated-member names) never makes the generator throw, and either the output compiles or the
/// generator reported an error saying why.
/// </summary>
public sealed class MutationTests
{
    private static readonly string[] HostileTexts =
    {
        "a\nb }", "x\u2028#if false", "y\u2029class X {", "z\u0085#region", "*/ class X {", "</summary><b>", "\"\\", "\r#pragma warning disable",
        "ToString", "IsKnown", "AdditionalProperties", "MemberwiseClone", "JsonModelReader", "EditorBrowsableState", "pageSize", "pagingOptions",
        "watchOptions", "cancellationToken", "HttpClient", "ApiClient", "1abc", "", "class", "@", "__x", "try", "TRY", "é漢字", new string('w', 2000),
    };

    private static readonly JsonNode?[] OddDefaults =
    {
        JsonValue.Create(1e300), JsonValue.Create(-0.0), JsonValue.Create(""), new JsonArray(), new JsonObject(), JsonValue.Create(1.5),
        JsonValue.Create(true), JsonValue.Create(long.MaxValue), JsonValue.Create("1e400"), null,
    };

    private static readonly Lazy<string> BaseDocument = new(() =>
    {
        string path = Path.Combine(Documents.RepoRoot, "tests/TestDocuments/petstore-client.yml");
        return YamlToJsonConverter.Convert(path, File.ReadAllText(path)).Json!;
    });

    /// <summary>
    /// Exploration: SLICECLIENTGEN_MUTANTS=n samples n random mutants with CsCheck (which reports the seed and the smallest
    /// failing mutation it finds). Without it, the same 12 mutants every run (a fixed seed), so CI never turns red on a
    /// mutant no one has seen before, and a red run reproduces.
    /// </summary>
    private static readonly int? Explore = int.TryParse(Environment.GetEnvironmentVariable("SLICECLIENTGEN_MUTANTS"), out int n) ? n : null;

    [Fact]
    public void Mutated_document_never_throws_and_compiles_or_says_why()
    {
        if (Explore is int iterations)
        {
            Gen.Select(Gen.Int[0, 100_000], Gen.Int[0, 8], Gen.Int[0, 100_000]).Array[1, 4].Sample(Check, iter: iterations, threads: 1);
            return;
        }

        var random = new Random(20261206);
        for (int i = 0; i < 12; i++)
        {
            var steps = new (int Target, int Kind, int Payload)[random.Next(1, 5)];
            for (int s = 0; s < steps.Length; s++)
            {
                steps[s] = (random.Next(0, 100_001), random.Next(0, 9), random.Next(0, 100_001));
            }

            Check(steps);
        }
    }

    private static void Check((int Target, int Kind, int Payload)[] steps)
    {
        string json = Mutate(steps);
        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("doc.json", json)]);

        Assert.Null(run.Result.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "SCG0011");
        if (!run.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            Assert.True(!run.CompilationDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error),
                "The generated code does not compile and no diagnostic says why:\n" + GeneratorHarness.Format(run.CompilationDiagnostics) + "\n" + json);
        }
    }

    /// <summary>Applies each step to the node it picks (by index among all nodes, after the previous steps).</summary>
    private static string Mutate((int Target, int Kind, int Payload)[] steps)
    {
        JsonNode root = JsonNode.Parse(BaseDocument.Value)!;
        string[] components = root["components"]?["schemas"]?.AsObject().Select(p => p.Key).ToArray() ?? [];
        foreach ((int target, int kind, int payload) in steps)
        {
            List<(JsonNode Parent, string? Key, int Index, JsonNode? Node)> nodes = [];
            Collect(root, nodes);
            (JsonNode parent, string? key, int index, JsonNode? node) = nodes[target % nodes.Count];
            string text = HostileTexts[payload % HostileTexts.Length];
            string component = components.Length == 0 ? "Missing" : components[payload % components.Length];
            switch (kind)
            {
                case 0 when key is not null && !parent.AsObject().ContainsKey(text):
                    // Rename a property, schema, path, media type or response.
                    parent.AsObject().Remove(key);
                    parent.AsObject()[text] = node;
                    break;
                case 1 when node is JsonValue:
                    Replace(parent, key, index, JsonValue.Create(text));
                    break;
                case 2:
                    Replace(parent, key, index, JsonValue.Create(payload % 2 == 0));
                    break;
                case 3:
                    Replace(parent, key, index, new JsonObject { ["$ref"] = "#/components/schemas/" + component });
                    break;
                case 4 when node is JsonObject o && !o.ContainsKey("allOf"):
                    o["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + component });
                    break;
                case 5 when node is JsonObject o:
                    o["default"] = OddDefaults[payload % OddDefaults.Length]?.DeepClone();
                    break;
                case 6 when node is JsonObject o:
                    o["type"] = "string";
                    o["enum"] = new JsonArray(HostileTexts.Take(1 + (payload % HostileTexts.Length)).Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
                    break;
                case 7:
                    Replace(parent, key, index, new JsonObject
                    {
                        [payload % 2 == 0 ? "anyOf" : "oneOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + component }, new JsonObject { ["type"] = "string" }),
                    });
                    break;
                case 8 when node is JsonObject o:
                    o["title"] = text;
                    o["description"] = text;
                    break;
            }
        }

        return root.ToJsonString();
    }

    private static void Collect(JsonNode node, List<(JsonNode Parent, string? Key, int Index, JsonNode? Node)> nodes)
    {
        if (node is JsonObject o)
        {
            foreach (KeyValuePair<string, JsonNode?> property in o.ToArray())
            {
                nodes.Add((o, property.Key, -1, property.Value));
                if (property.Value is not null)
                {
                    Collect(property.Value, nodes);
                }
            }
        }
        else if (node is JsonArray a)
        {
            for (int i = 0; i < a.Count; i++)
            {
                nodes.Add((a, null, i, a[i]));
                if (a[i] is { } item)
                {
                    Collect(item, nodes);
                }
            }
        }
    }

    private static void Replace(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (key is not null)
        {
            parent.AsObject()[key] = value;
        }
        else
        {
            parent.AsArray()[index] = value;
        }
    }
}
