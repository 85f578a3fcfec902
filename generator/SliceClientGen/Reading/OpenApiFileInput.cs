using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SliceClientGen.Reading;

/// <summary>
/// One <c>OpenApiClient</c> item as the generator sees it: the document text and the item's metadata.
/// Plain strings only, so an unchanged document compares equal and everything after it stays cached.
/// </summary>
/// <param name="Path">The AdditionalText path (used for diagnostic locations only).</param>
/// <param name="Text">The document text.</param>
/// <param name="Namespace">The item's Namespace metadata, or null when not given.</param>
/// <param name="ClassName">The item's ClassName metadata, or null when not given.</param>
/// <param name="RootNamespace">The project's RootNamespace, the default namespace.</param>
internal sealed record OpenApiFileInput(string Path, string Text, string? Namespace, string? ClassName, string? RootNamespace)
{
    /// <summary>The AdditionalFiles metadata that marks an item as an OpenApiClient (set by SliceClientGen.targets).</summary>
    public const string MarkerMetadata = "build_metadata.AdditionalFiles.SliceClientGenOpenApiClient";
    public const string NamespaceMetadata = "build_metadata.AdditionalFiles.SliceClientGenNamespace";
    public const string ClassNameMetadata = "build_metadata.AdditionalFiles.SliceClientGenClassName";
    public const string RootNamespaceProperty = "build_property.RootNamespace";

    /// <summary>Returns the input for an OpenApiClient item, or null for any other additional file.</summary>
    public static OpenApiFileInput? TryCreate(AdditionalText file, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        AnalyzerConfigOptions fileOptions = options.GetOptions(file);
        if (!fileOptions.TryGetValue(MarkerMetadata, out string? marker) || !string.Equals(marker, "true", System.StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string text = file.GetText(cancellationToken)?.ToString() ?? string.Empty;
        options.GlobalOptions.TryGetValue(RootNamespaceProperty, out string? rootNamespace);
        return new OpenApiFileInput(
            file.Path,
            text,
            NullIfEmpty(fileOptions, NamespaceMetadata),
            NullIfEmpty(fileOptions, ClassNameMetadata),
            string.IsNullOrWhiteSpace(rootNamespace) ? null : rootNamespace!.Trim());
    }

    private static string? NullIfEmpty(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out string? value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
