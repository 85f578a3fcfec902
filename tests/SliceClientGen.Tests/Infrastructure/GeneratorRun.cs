using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace SliceClientGen.Tests.Infrastructure;

/// <summary>
/// The outcome of one generator run (<see cref="GeneratorHarness.Run"/> or <see cref="Rerun()"/>): the generated
/// sources, the diagnostics, the compilations and the driver, which remembers its state for incremental re-runs.
/// </summary>
public sealed class GeneratorRun
{
    private readonly Lazy<ImmutableArray<Diagnostic>> compilationDiagnostics;

    private GeneratorRun(
        GeneratorDriver driver,
        CSharpCompilation inputCompilation,
        Compilation outputCompilation,
        ImmutableArray<(string path, string text, string? ns, string? className)> documents,
        ImmutableArray<InMemoryAdditionalText> additionalTexts,
        string rootNamespace)
    {
        Driver = driver;
        InputCompilation = inputCompilation;
        OutputCompilation = outputCompilation;
        Documents = documents;
        AdditionalTexts = additionalTexts;
        RootNamespace = rootNamespace;
        RunResult = driver.GetRunResult();
        Result = RunResult.Results.Single();
        GeneratorDiagnostics = RunResult.Diagnostics;

        var sources = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (GeneratedSourceResult source in Result.GeneratedSources)
        {
            sources.Add(source.HintName, source.SourceText.ToString());
        }

        GeneratedSources = sources;
        compilationDiagnostics = new Lazy<ImmutableArray<Diagnostic>>(() =>
        [
            .. outputCompilation.GetDiagnostics()
                .Where(d => d.Severity is DiagnosticSeverity.Warning or DiagnosticSeverity.Error),
        ]);
    }

    /// <summary>The driver after this run; run it again (or use <see cref="Rerun()"/>) to observe incremental caching.</summary>
    public GeneratorDriver Driver { get; }

    /// <summary>The compilation the generator ran against (the "user project" without generated code).</summary>
    public CSharpCompilation InputCompilation { get; }

    /// <summary>The input compilation plus the generated syntax trees.</summary>
    public Compilation OutputCompilation { get; }

    /// <summary>The documents of this run, as given.</summary>
    public ImmutableArray<(string path, string text, string? ns, string? className)> Documents { get; }

    /// <summary>The additional files the driver holds for <see cref="Documents"/>, in the same order.</summary>
    public ImmutableArray<InMemoryAdditionalText> AdditionalTexts { get; }

    /// <summary>The RootNamespace of this run.</summary>
    public string RootNamespace { get; }

    /// <summary>The driver's full run result.</summary>
    public GeneratorDriverRunResult RunResult { get; }

    /// <summary>
    /// The result of <see cref="OpenApiClientGenerator"/>: its <see cref="GeneratorRunResult.TrackedSteps"/> keyed
    /// by the <c>TrackingNames</c> constants, its <see cref="GeneratorRunResult.Exception"/> if it threw.
    /// </summary>
    public GeneratorRunResult Result { get; }

    /// <summary>Generated source text by hint name, ordered by hint name (ordinal).</summary>
    public IReadOnlyDictionary<string, string> GeneratedSources { get; }

    /// <summary>The diagnostics the generator reported (including the compiler's warning if it threw).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    /// <summary>The warnings and errors of <see cref="OutputCompilation"/> (computed on first use).</summary>
    public ImmutableArray<Diagnostic> CompilationDiagnostics => compilationDiagnostics.Value;

    /// <summary>
    /// Runs the same driver again with the same documents against a clone of <see cref="InputCompilation"/>,
    /// as after an edit elsewhere in the project: every step fed only by the documents should be cached.
    /// </summary>
    public GeneratorRun Rerun() => Rerun(Documents, RootNamespace);

    /// <summary>
    /// Runs the same driver again after the project changed to <paramref name="documents"/> (matched to the current
    /// ones by path): changed texts are replaced, new ones added, missing ones removed, unchanged ones keep their
    /// <see cref="AdditionalText"/> instance; the options are replaced only if metadata or RootNamespace changed.
    /// The compilation is a clone of <see cref="InputCompilation"/>.
    /// </summary>
    /// <param name="documents">The documents after the change.</param>
    /// <param name="rootNamespace">The RootNamespace after the change; null keeps <see cref="RootNamespace"/>.</param>
    public GeneratorRun Rerun(IEnumerable<(string path, string text, string? ns, string? className)> documents, string? rootNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ImmutableArray<(string path, string text, string? ns, string? className)> next = [.. documents];
        if (next.Select(d => d.path).Distinct(StringComparer.Ordinal).Count() != next.Length)
        {
            throw new ArgumentException("A document path is given more than once.", nameof(documents));
        }

        string nextRootNamespace = rootNamespace ?? RootNamespace;
        var previousTexts = AdditionalTexts.ToDictionary(text => text.Path, StringComparer.Ordinal);
        GeneratorDriver driver = Driver;

        var nextTexts = ImmutableArray.CreateBuilder<InMemoryAdditionalText>(next.Length);
        foreach ((string path, string text, _, _) in next)
        {
            if (!previousTexts.Remove(path, out InMemoryAdditionalText? previous))
            {
                var added = new InMemoryAdditionalText(path, text);
                driver = driver.AddAdditionalTexts([added]);
                nextTexts.Add(added);
            }
            else if (previous.Text != text)
            {
                var replacement = new InMemoryAdditionalText(path, text);
                driver = driver.ReplaceAdditionalText(previous, replacement);
                nextTexts.Add(replacement);
            }
            else
            {
                nextTexts.Add(previous);
            }
        }

        if (previousTexts.Count > 0)
        {
            driver = driver.RemoveAdditionalTexts([.. previousTexts.Values]);
        }

        if (nextRootNamespace != RootNamespace || !MetadataOf(next).SetEquals(MetadataOf(Documents)))
        {
            driver = driver.WithUpdatedAnalyzerConfigOptions(GeneratorHarness.CreateOptionsProvider(next, nextRootNamespace));
        }

        return Execute(driver, InputCompilation.Clone(), next, nextTexts.MoveToImmutable(), nextRootNamespace);
    }

    /// <summary>Emits <see cref="OutputCompilation"/> and loads it; see <see cref="GeneratorHarness.Load"/>.</summary>
    public LoadedAssembly LoadOutput() => GeneratorHarness.Load(OutputCompilation);

    /// <summary>
    /// Fails the test, listing everything found, if the generator threw, reported any diagnostic, or the output
    /// compilation has any warning or error.
    /// </summary>
    public void AssertNoDiagnostics()
    {
        var problems = new StringBuilder();
        if (Result.Exception is { } exception)
        {
            problems.Append("Generator threw: ").Append(exception).Append('\n');
        }

        // Info diagnostics (SCG0008: implied list/watch parameters) are expected; warnings and errors are not.
        ImmutableArray<Diagnostic> problemsReported = GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        if (!problemsReported.IsEmpty)
        {
            problems.Append("Generator diagnostics:\n").Append(GeneratorHarness.Format(problemsReported)).Append('\n');
        }

        if (!CompilationDiagnostics.IsEmpty)
        {
            problems.Append("Compilation warnings and errors:\n").Append(GeneratorHarness.Format(CompilationDiagnostics)).Append('\n');
        }

        if (problems.Length > 0)
        {
            Assert.Fail(problems.ToString());
        }
    }

    /// <summary>
    /// Fails the test, listing them, if <see cref="OutputCompilation"/> has a warning or error that it does not have
    /// already (<see cref="CompilationDiagnostics"/>) once every generated <c>#nullable disable warnings</c> and
    /// <c>#nullable restore warnings</c> line is blanked: the generated code, its converters included (which the
    /// generator compiles without nullable flow analysis), is clean under strict <c>#nullable enable</c>.
    /// </summary>
    public void AssertNullableCleanUnderStrictAnalysis()
    {
        var generated = Result.GeneratedSources.Select(source => source.SyntaxTree).ToList();
        Compilation strict = OutputCompilation
            .RemoveSyntaxTrees(generated)
            .AddSyntaxTrees(generated.Select(tree => CSharpSyntaxTree.ParseText(
                WithoutNullableWarningDirectives(tree.GetText().ToString()), (CSharpParseOptions)tree.Options, tree.FilePath, Encoding.UTF8)));
        var known = CompilationDiagnostics.Select(d => d.ToString()).ToHashSet(StringComparer.Ordinal);
        var added = strict.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !known.Contains(d.ToString()))
            .ToList();
        if (added.Count > 0)
        {
            Assert.Fail("Under strict nullable analysis (" + added.Count + "):\n" + GeneratorHarness.Format(added.Take(20)));
        }
    }

    /// <summary>The source with its <c>#nullable disable warnings</c> / <c>#nullable restore warnings</c> lines blanked
    /// (so every other line, and each diagnostic's location, stays where it was).</summary>
    private static string WithoutNullableWarningDirectives(string source) => string.Join(
        "\n",
        source.Split('\n').Select(line => line.Trim() is "#nullable disable warnings" or "#nullable restore warnings" ? string.Empty : line));

    /// <summary>
    /// All generated sources in hint-name order, each preceded by a <c>//----- HintName -----</c> line: one text
    /// that suits a single snapshot of a whole run.
    /// </summary>
    public string RenderSources()
    {
        var builder = new StringBuilder();
        foreach ((string hintName, string text) in GeneratedSources)
        {
            builder.Append("//----- ").Append(hintName).Append(" -----\n");
            builder.Append(text.ReplaceLineEndings("\n"));
            if (!text.EndsWith('\n'))
            {
                builder.Append('\n');
            }
        }

        return builder.ToString();
    }

    internal static GeneratorRun Execute(
        GeneratorDriver driver,
        CSharpCompilation compilation,
        ImmutableArray<(string path, string text, string? ns, string? className)> documents,
        ImmutableArray<InMemoryAdditionalText> additionalTexts,
        string rootNamespace)
    {
        GeneratorDriver ran = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return new GeneratorRun(ran, compilation, output, documents, additionalTexts, rootNamespace);
    }

    private static HashSet<(string path, string? ns, string? className)> MetadataOf(
        IEnumerable<(string path, string text, string? ns, string? className)> documents) =>
        [.. documents.Select(d => (d.path, d.ns, d.className))];
}
