using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SliceClientGen.Tests.Infrastructure;

/// <summary>
/// Analyzer config options from dictionaries, standing in for the <c>.editorconfig</c> MSBuild generates:
/// per-additional-file <c>build_metadata.AdditionalFiles.*</c> keys and global <c>build_property.*</c> keys.
/// </summary>
public sealed class InMemoryAnalyzerConfigOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly ImmutableDictionary<string, InMemoryAnalyzerConfigOptions> fileOptions;

    /// <summary>Creates a provider.</summary>
    /// <param name="fileOptions">Options per additional file, keyed by <see cref="AdditionalText.Path"/> (ordinal).</param>
    /// <param name="globalOptions">Options every file and tree sees, e.g. <c>build_property.RootNamespace</c>.</param>
    public InMemoryAnalyzerConfigOptionsProvider(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> fileOptions,
        IReadOnlyDictionary<string, string> globalOptions)
    {
        ArgumentNullException.ThrowIfNull(fileOptions);
        ArgumentNullException.ThrowIfNull(globalOptions);
        this.fileOptions = fileOptions.ToImmutableDictionary(
            pair => pair.Key,
            pair => new InMemoryAnalyzerConfigOptions(pair.Value),
            StringComparer.Ordinal);
        GlobalOptions = new InMemoryAnalyzerConfigOptions(globalOptions);
    }

    /// <inheritdoc />
    public override AnalyzerConfigOptions GlobalOptions { get; }

    /// <summary>Syntax trees carry no per-file options in these tests.</summary>
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => InMemoryAnalyzerConfigOptions.Empty;

    /// <summary>The options registered for <paramref name="textFile"/>'s path, or none.</summary>
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        fileOptions.TryGetValue(textFile.Path, out InMemoryAnalyzerConfigOptions? options) ? options : InMemoryAnalyzerConfigOptions.Empty;
}

/// <summary>One file's (or the global) analyzer config options; keys compare like the compiler's (case-insensitive).</summary>
public sealed class InMemoryAnalyzerConfigOptions : AnalyzerConfigOptions
{
    /// <summary>Options with no keys.</summary>
    public static InMemoryAnalyzerConfigOptions Empty { get; } = new(new Dictionary<string, string>());

    private readonly ImmutableDictionary<string, string> values;

    /// <summary>Creates options holding <paramref name="values"/>.</summary>
    public InMemoryAnalyzerConfigOptions(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        this.values = values.ToImmutableDictionary(KeyComparer);
    }

    /// <inheritdoc />
    public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);

    /// <inheritdoc />
    public override IEnumerable<string> Keys => values.Keys;
}
