using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SliceClientGen.Benchmarks;

/// <summary>
/// Issue 7 item 5: the generator driven in-process through a <see cref="CSharpGeneratorDriver"/>, as the
/// compiler and the IDE drive it (the document as an AdditionalText with the OpenApiClient metadata, as
/// tests/SliceClientGen.Tests does). Cold: a new driver. After an unrelated edit: the driver of a previous run
/// given a compilation with one more syntax tree, which must reuse every cached step.
/// </summary>
[BenchmarkCategory("Generator")]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private ImmutableArray<AdditionalText> _texts;
    private AnalyzerConfigOptionsProvider _options = null!;
    private GeneratorDriver _warm = null!;

    [Params("EndpointSlices (yml, 14 KB)", "Kubernetes discovery/v1 (json, 160 KB)", "Synthetic 1,000 schemas")]
    public string Document { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        (string path, string text) = Document switch
        {
            var d when d.StartsWith("EndpointSlices", StringComparison.Ordinal) => Read("openapi/kubernetes-endpoint-slices-openapi.yml"),
            var d when d.StartsWith("Kubernetes", StringComparison.Ordinal) => Read("openapi/kubernetes-discovery-v1-openapi.json"),
            _ => ("/project/openapi/synthetic.yml", SyntheticDocument.Create(1000)),
        };
        _texts = [new MemoryText(path, text)];
        _options = new Options(path);
        _compilation = CSharpCompilation.Create(
            "User",
            [CSharpSyntaxTree.ParseText("namespace User; public class Program { }", CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest))],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _edited = _compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace User; public class Edited { public int X; }", CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest)));
        _warm = NewDriver().RunGenerators(_compilation);
        GeneratorDriverRunResult result = _warm.GetRunResult();
        if (result.GeneratedTrees.Length == 0 || result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException("The generator produced nothing or errors for " + Document + ": " + string.Join("; ", result.Diagnostics));
        }
    }

    [Benchmark(Baseline = true, Description = "Cold driver")]
    public int Cold() => NewDriver().RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "After an unrelated edit (cached)")]
    public int AfterUnrelatedEdit() => _warm.RunGenerators(_edited).GetRunResult().GeneratedTrees.Length;

    private GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(
        [new OpenApiClientGenerator().AsSourceGenerator()],
        _texts,
        CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest),
        _options,
        new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    private static (string Path, string Text) Read(string relative) =>
        ("/project/" + relative, File.ReadAllText(Path.Combine(RepoPaths.Root, relative)));

    private sealed class MemoryText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>What MSBuild gives the compiler for an OpenApiClient item (see generator/SliceClientGen/build).</summary>
    private sealed class Options(string path) : AnalyzerConfigOptionsProvider
    {
        private readonly DictionaryOptions _file = new(new Dictionary<string, string>
        {
            ["build_metadata.AdditionalFiles.SliceClientGenOpenApiClient"] = "true",
            ["build_metadata.AdditionalFiles.SliceClientGenNamespace"] = "Bench.Generated",
        });

        private readonly DictionaryOptions _none = new(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Bench" });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _none;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => textFile.Path == path ? _file : _none;
    }

    private sealed class DictionaryOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}

/// <summary>A synthetic OpenAPI 3.0 document: <c>n</c> object schemas referring to each other, with list operations.</summary>
public static class SyntheticDocument
{
    public static string Create(int schemas)
    {
        var s = new StringBuilder();
        s.Append("openapi: 3.0.3\ninfo:\n  title: Synthetic\n  version: '1.0'\npaths:\n");
        for (int i = 0; i < schemas; i += 10)
        {
            string n = i.ToString("D4", CultureInfo.InvariantCulture);
            s.Append("  /things").Append(n).Append(":\n    get:\n      operationId: listThing").Append(n)
             .Append("\n      parameters:\n        - name: limit\n          in: query\n          schema:\n            type: integer\n")
             .Append("      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Thing").Append(n).Append("'\n");
        }

        s.Append("components:\n  schemas:\n");
        for (int i = 0; i < schemas; i++)
        {
            string n = i.ToString("D4", CultureInfo.InvariantCulture);
            s.Append("    Thing").Append(n).Append(":\n      type: object\n      description: Synthetic schema number ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(".\n")
             .Append("      required: [name]\n      properties:\n")
             .Append("        name:\n          type: string\n          description: The name.\n")
             .Append("        count:\n          type: integer\n          format: int64\n")
             .Append("        ratio:\n          type: number\n")
             .Append("        enabled:\n          type: boolean\n")
             .Append("        created:\n          type: string\n          format: date-time\n")
             .Append("        mode:\n          type: string\n          enum: [Fast, Slow, Off]\n")
             .Append("        tags:\n          type: array\n          items:\n            type: string\n")
             .Append("        labels:\n          type: object\n          additionalProperties:\n            type: string\n");
            if (i + 1 < schemas)
            {
                s.Append("        next:\n          $ref: '#/components/schemas/Thing").Append((i + 1).ToString("D4", CultureInfo.InvariantCulture)).Append("'\n");
            }
        }

        return s.ToString();
    }
}

/// <summary>Finds the repository from the working directory or the binary's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (string? d = start; d is not null; d = Path.GetDirectoryName(d))
            {
                if (File.Exists(Path.Combine(d, "SliceClientGen.sln")))
                {
                    return d;
                }
            }
        }

        throw new InvalidOperationException("SliceClientGen.sln not found above " + Environment.CurrentDirectory + " or " + AppContext.BaseDirectory + ".");
    }
}
