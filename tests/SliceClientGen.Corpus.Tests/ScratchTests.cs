using Microsoft.CodeAnalysis;
using SliceClientGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace SliceClientGen.Corpus.Tests;

public sealed class ScratchTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("openapi: 3.2.0\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  x:\n                    type: string\n")]
    [InlineData("openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a:\n    get:\n      operationId: getA\n")]
    [InlineData("{\"openapi\": \"3.0.0\", \"info\": {")]
    [InlineData("info:\n  title: T\npaths: {}\n")]
    [InlineData("openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\n  description: |+\n    \npaths: {}\n")]
    [InlineData("openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\npaths: {}\nwebhooks:\n  newPet:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n      responses:\n        '200':\n          description: ok\n")]
    [InlineData("openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\n  description: |+\n    \n  x-a: &a [1,1,1,1,1,1,1,1,1,1]\n  x-b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  x-c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n  x-d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n  x-e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n  x-f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n  x-g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\npaths: {}\n")]
    public void Dump(string text)
    {
        GeneratorRun run = GeneratorHarness.Run([("/p/doc.yml", text, "N", null)]);
        output.WriteLine("exception: " + run.Result.Exception);
        output.WriteLine(GeneratorHarness.Format(run.GeneratorDiagnostics));
        output.WriteLine("sources: " + string.Join(", ", run.GeneratedSources.Keys));
        output.WriteLine(GeneratorHarness.Format(run.OutputCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
    }
}
public sealed class ScratchDump(ITestOutputHelper output)
{
    [Theory]
    [InlineData("readme-oas-examples-8.2.2/3.0/json/polymorphism.json", "Client.g.cs", 60, 80)]
    [InlineData("readme-oas-examples-8.2.2/3.0/json/schema-types.json", "Client.g.cs", 180, 200)]
    public void Show(string name, string hintSuffix, int from, int to)
    {
        var run = CorpusRun.Execute(name, CorpusDocuments.Text(name));
        var source = run.Run.GeneratedSources.First(s => s.Key.EndsWith(hintSuffix, StringComparison.Ordinal) && !s.Key.Contains("ServiceCollection")).Value.Split('\n');
        for (int i = from; i < to && i < source.Length; i++) output.WriteLine(i + 1 + ": " + source[i]);
    }
}
public sealed class ScratchTime(ITestOutputHelper output)
{
    [Theory]
    [InlineData("readme-oas-examples-8.2.2/3.1/json/readme.json")]
    public void Time(string name)
    {
        var run = CorpusRun.Execute(name, CorpusDocuments.Text(name));
        output.WriteLine($"gen {run.GenerationTime} compile {run.CompilationTime} sources {run.Run.GeneratedSources.Count} chars {run.Run.GeneratedSources.Sum(s => s.Value.Length)}");
        foreach (var s in run.Run.GeneratedSources.OrderByDescending(s => s.Value.Length).Take(5)) output.WriteLine(s.Key + " " + s.Value.Length);
    }
}
