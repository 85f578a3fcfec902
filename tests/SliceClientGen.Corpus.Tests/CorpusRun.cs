using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using SliceClientGen.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Corpus.Tests;

/// <summary>One corpus document through the generator and the compiler, with what it took.</summary>
public sealed class CorpusRun
{
    private CorpusRun(string name, string path, string text, GeneratorRun run, IReadOnlyList<Diagnostic> compileErrors, IReadOnlyList<Diagnostic> compileWarnings, TimeSpan generation, TimeSpan compilation)
    {
        Name = name;
        Path = path;
        Text = text;
        Run = run;
        CompileErrors = compileErrors;
        CompileWarnings = compileWarnings;
        GenerationTime = generation;
        CompilationTime = compilation;
    }

    public string Name { get; }

    /// <summary>The path the generator sees (diagnostics must point into it).</summary>
    public string Path { get; }

    public string Text { get; }

    public GeneratorRun Run { get; }

    public IReadOnlyList<Diagnostic> CompileErrors { get; }

    /// <summary>Compiler warnings in the generated code: a user building with warnings as errors would fail on each.</summary>
    public IReadOnlyList<Diagnostic> CompileWarnings { get; }

    public TimeSpan GenerationTime { get; }

    public TimeSpan CompilationTime { get; }

    /// <summary>Runs the generator over <paramref name="text"/> (as <c>/corpus/&lt;name&gt;</c>) and compiles its output.</summary>
    public static CorpusRun Execute(string name, string text)
    {
        string path = "/corpus/" + name;
        var stopwatch = Stopwatch.StartNew();
        GeneratorRun run = GeneratorHarness.Run([(path, text, "Corpus.Generated", null)]);
        TimeSpan generation = stopwatch.Elapsed;
        stopwatch.Restart();
        var diagnostics = run.OutputCompilation.GetDiagnostics();
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var warnings = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();
        TimeSpan compilation = stopwatch.Elapsed;
        return new CorpusRun(name, path, text, run, errors, warnings, generation, compilation);
    }

    /// <summary>
    /// Fails with everything found if the generator threw, reported an error, reported a diagnostic that does not
    /// point into the document, or its output does not compile without warnings.
    /// </summary>
    public void AssertGeneratesAndCompiles()
    {
        var problems = new StringBuilder();
        if (Run.Result.Exception is { } exception)
        {
            problems.Append("Generator threw: ").Append(exception).Append('\n');
        }

        var errors = Run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            problems.Append("Generator errors:\n").Append(GeneratorHarness.Format(errors)).Append('\n');
        }

        int lineCount = Text.Split('\n').Length;
        var unlocated = Run.GeneratorDiagnostics
            .Where(d => d.Location.GetLineSpan() is var span && (span.Path != Path || span.StartLinePosition.Line >= lineCount))
            .ToList();
        if (unlocated.Count > 0)
        {
            problems.Append("Diagnostics not located in the document:\n").Append(GeneratorHarness.Format(unlocated)).Append('\n');
        }

        if (CompileErrors.Count > 0)
        {
            problems.Append("Compile errors (").Append(CompileErrors.Count).Append("):\n").Append(GeneratorHarness.Format(CompileErrors.Take(20))).Append('\n');
        }

        if (CompileWarnings.Count > 0)
        {
            problems.Append("Compile warnings (").Append(CompileWarnings.Count).Append("):\n").Append(GeneratorHarness.Format(CompileWarnings.Take(20))).Append('\n');
        }

        if (problems.Length > 0)
        {
            Assert.Fail(Name + ":\n" + problems);
        }
    }
}
