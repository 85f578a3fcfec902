using Microsoft.CodeAnalysis;
using SliceClientGen.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// A small OpenAPI document a test writes out (<c>doc.yml</c>, namespace <c>Contoso.Test</c>, client <c>TClient</c>)
/// and what the tests read from its run.
/// </summary>
internal static class InlineDocument
{
    /// <summary>The info of every inline document (title T, so the client is <c>TClient</c>); prefix an openapi line.</summary>
    public const string Info = "info:\n  title: T\n  version: '1'\n";

    /// <summary>The start of an OpenAPI 3.1 document: append paths, webhooks or components.</summary>
    public const string Start = "openapi: 3.1.0\n" + Info;

    /// <summary>An OpenAPI 3.1 document without paths; append <c>components:</c> or replace <c>paths: {}</c>.</summary>
    public const string Header = Start + "paths: {}\n";

    /// <summary><see cref="Header"/> opening <c>components/schemas</c>: append schemas indented by four spaces.</summary>
    public const string SchemasHeader = Header + "components:\n  schemas:\n";

    /// <summary>Generates from <paramref name="yaml"/>; the generator must not throw (it reports instead).</summary>
    /// <param name="yaml">The document.</param>
    /// <returns>The run.</returns>
    public static GeneratorRun Run(string yaml)
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("doc.yml", yaml)]);
        Assert.Null(run.Result.Exception);
        return run;
    }

    /// <summary>The generated file of the model (or union) <paramref name="name"/>.</summary>
    public static string Model(this GeneratorRun run, string name) => run.GeneratedSources["Contoso.Test.TClient." + name + ".g.cs"];

    /// <summary>The generated client file.</summary>
    public static string Client(this GeneratorRun run) => run.GeneratedSources["Contoso.Test.TClient.g.cs"];

    /// <summary>The 0-based line a diagnostic is reported on.</summary>
    public static int Line(this Diagnostic diagnostic) => diagnostic.Location.GetLineSpan().StartLinePosition.Line;

    /// <summary>
    /// The only diagnostic of the run; fails unless there is exactly one and it has <paramref name="id"/> and
    /// <paramref name="severity"/>.
    /// </summary>
    public static Diagnostic SingleDiagnostic(this GeneratorRun run, string id, DiagnosticSeverity severity)
    {
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(severity, diagnostic.Severity);
        return diagnostic;
    }
}
