using Microsoft.CodeAnalysis;
using SliceClientGen.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Corpus.Tests;

/// <summary>
/// Every corpus document generates without a generator exception or an error diagnostic, every diagnostic
/// points into the document, and the generated code compiles without errors.
/// </summary>
public sealed class CorpusTests
{
    [Theory]
    [MemberData(nameof(CorpusDocuments.SmallDocuments), MemberType = typeof(CorpusDocuments))]
    public void Document_generates_and_compiles(string name)
    {
        CorpusRun run = CorpusRun.Execute(name, CorpusDocuments.Text(name));

        run.AssertGeneratesAndCompiles();
    }
}
