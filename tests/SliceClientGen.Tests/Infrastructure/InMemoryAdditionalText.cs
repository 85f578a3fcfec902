using System;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SliceClientGen.Tests.Infrastructure;

/// <summary>An <see cref="AdditionalText"/> held in memory: what an <c>AdditionalFiles</c> item is to the generator.</summary>
public sealed class InMemoryAdditionalText : AdditionalText
{
    private readonly SourceText sourceText;

    /// <summary>Creates an additional file with the given path and contents.</summary>
    /// <param name="path">The path the generator sees (diagnostic locations use it); need not exist on disk.</param>
    /// <param name="text">The file contents.</param>
    public InMemoryAdditionalText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        Path = path;
        Text = text;
        sourceText = SourceText.From(text, Encoding.UTF8);
    }

    /// <inheritdoc />
    public override string Path { get; }

    /// <summary>The file contents as a string.</summary>
    public string Text { get; }

    /// <summary>Returns the same <see cref="SourceText"/> instance on every call, as a file the IDE has not changed would.</summary>
    public override SourceText GetText(CancellationToken cancellationToken = default) => sourceText;
}
