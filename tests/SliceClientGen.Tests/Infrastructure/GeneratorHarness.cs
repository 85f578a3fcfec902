using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace SliceClientGen.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="OpenApiClientGenerator"/> in-process the way the compiler does in a project that lists
/// <c>&lt;OpenApiClient Include="..." Namespace="..." ClassName="..." /&gt;</c> items: each document becomes an
/// additional file carrying the metadata <c>SliceClientGen.targets</c> sets, and the project's RootNamespace
/// becomes the global <c>build_property.RootNamespace</c>.
/// </summary>
public static class GeneratorHarness
{
    /// <summary>The RootNamespace (and assembly name) used when a test does not give one.</summary>
    public const string DefaultRootNamespace = "TestProject";

    /// <summary>Per-file key that marks an additional file as an OpenApiClient item (value <c>true</c>).</summary>
    public const string OpenApiClientMetadataKey = "build_metadata.AdditionalFiles.SliceClientGenOpenApiClient";

    /// <summary>Per-file key carrying the item's <c>Namespace</c> metadata.</summary>
    public const string NamespaceMetadataKey = "build_metadata.AdditionalFiles.SliceClientGenNamespace";

    /// <summary>Per-file key carrying the item's <c>ClassName</c> metadata.</summary>
    public const string ClassNameMetadataKey = "build_metadata.AdditionalFiles.SliceClientGenClassName";

    /// <summary>Global key carrying the project's RootNamespace.</summary>
    public const string RootNamespaceKey = "build_property.RootNamespace";

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>Parse options of every test compilation and of the generated trees: the latest C# version.</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>The driver options: no output kind disabled, incremental steps tracked (see <c>TrackingNames</c>).</summary>
    public static GeneratorDriverOptions DriverOptions { get; } = new(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);

    /// <summary>The SliceClientGen.Runtime assembly loaded in the test process; generated code references it.</summary>
    public static Assembly RuntimeAssembly { get; } = typeof(SliceClientGen.Runtime.Serialization.JsonModelReader).Assembly;

    /// <summary>
    /// The references of every test compilation: all TRUSTED_PLATFORM_ASSEMBLIES of the test process (the shared
    /// framework plus the test's own dependencies) and SliceClientGen.Runtime, each file once.
    /// </summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>
    /// Creates a C# library compilation (latest language version, nullable enabled, deterministic) over
    /// <paramref name="sources"/> with <see cref="References"/>. CS1701/CS1702 are suppressed, as the SDK does.
    /// </summary>
    /// <param name="sources">C# sources of the "user project"; none gives an empty compilation.</param>
    /// <param name="assemblyName">The assembly name.</param>
    public static CSharpCompilation CreateCompilation(IEnumerable<string>? sources = null, string assemblyName = DefaultRootNamespace)
    {
        IEnumerable<SyntaxTree> trees = (sources ?? [])
            .Select((source, index) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{index}.cs", encoding: Encoding.UTF8));
        CSharpCompilationOptions options = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                deterministic: true)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            });
        return CSharpCompilation.Create(assemblyName, trees, References, options);
    }

    /// <summary>
    /// Creates the analyzer config options MSBuild would produce for <paramref name="documents"/>: each path gets
    /// <see cref="OpenApiClientMetadataKey"/> = <c>true</c>, plus <see cref="NamespaceMetadataKey"/> and
    /// <see cref="ClassNameMetadataKey"/> when the tuple's value is not null (pass "" to model an empty attribute);
    /// the global options hold <see cref="RootNamespaceKey"/>.
    /// </summary>
    public static InMemoryAnalyzerConfigOptionsProvider CreateOptionsProvider(
        IEnumerable<(string path, string text, string? ns, string? className)> documents,
        string rootNamespace = DefaultRootNamespace)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var fileOptions = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach ((string path, _, string? ns, string? className) in documents)
        {
            var values = new Dictionary<string, string> { [OpenApiClientMetadataKey] = "true" };
            if (ns is not null)
            {
                values[NamespaceMetadataKey] = ns;
            }

            if (className is not null)
            {
                values[ClassNameMetadataKey] = className;
            }

            if (!fileOptions.TryAdd(path, values))
            {
                throw new ArgumentException($"Document path '{path}' is given more than once.", nameof(documents));
            }
        }

        return new InMemoryAnalyzerConfigOptionsProvider(fileOptions, new Dictionary<string, string> { [RootNamespaceKey] = rootNamespace });
    }

    /// <summary>
    /// Creates a <see cref="CSharpGeneratorDriver"/> for a new <see cref="OpenApiClientGenerator"/> with one
    /// <see cref="InMemoryAdditionalText"/> per document, marked as OpenApiClient items (see
    /// <see cref="CreateOptionsProvider"/>), <see cref="ParseOptions"/> and <see cref="DriverOptions"/>.
    /// </summary>
    public static GeneratorDriver CreateDriver(
        IEnumerable<(string path, string text, string? ns, string? className)> documents,
        string rootNamespace = DefaultRootNamespace)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var list = documents.ToList();
        return CreateDriver(list.Select(d => new InMemoryAdditionalText(d.path, d.text)), CreateOptionsProvider(list, rootNamespace));
    }

    /// <summary>
    /// Runs the generator over <paramref name="documents"/> against a fresh <see cref="CreateCompilation"/> of
    /// <paramref name="sources"/>, then updates the compilation with the generated trees.
    /// </summary>
    /// <param name="documents">The OpenApiClient items: additional file path, its text, Namespace and ClassName metadata (null = not given).</param>
    /// <param name="rootNamespace">The project's RootNamespace.</param>
    /// <param name="sources">Optional C# sources of the consuming project (e.g. code that uses the generated types).</param>
    public static GeneratorRun Run(
        IEnumerable<(string path, string text, string? ns, string? className)> documents,
        string rootNamespace = DefaultRootNamespace,
        IEnumerable<string>? sources = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var list = documents.ToList();
        var texts = list.Select(d => new InMemoryAdditionalText(d.path, d.text)).ToImmutableArray();
        GeneratorDriver driver = CreateDriver(texts, CreateOptionsProvider(list, rootNamespace));
        return GeneratorRun.Execute(driver, CreateCompilation(sources), [.. list], texts, rootNamespace);
    }

    /// <summary>
    /// Emits <paramref name="compilation"/> (with a portable PDB, so stack traces point into generated code) and
    /// loads it into a new collectible <see cref="System.Runtime.Loader.AssemblyLoadContext"/> in which
    /// SliceClientGen.Runtime resolves to <see cref="RuntimeAssembly"/>. Dispose the result to unload it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The compilation has errors; the message lists them.</exception>
    public static LoadedAssembly Load(Compilation compilation)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        using var peStream = new MemoryStream();
        using var pdbStream = new MemoryStream();
        EmitResult result = compilation.Emit(peStream, pdbStream, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        if (!result.Success)
        {
            throw new InvalidOperationException(
                $"Emitting '{compilation.AssemblyName}' failed:{Environment.NewLine}" +
                Format(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        peStream.Position = 0;
        pdbStream.Position = 0;
        return LoadedAssembly.Load(compilation.AssemblyName ?? "Generated", peStream, pdbStream, RuntimeAssembly);
    }

    /// <summary>Formats diagnostics one per line (<c>path(line,col): severity id: message</c>), each followed by its source line.</summary>
    public static string Format(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var builder = new StringBuilder();
        foreach (Diagnostic diagnostic in diagnostics)
        {
            builder.Append(diagnostic.ToString()).Append('\n');
            if (diagnostic.Location.IsInSource && diagnostic.Location.SourceTree is { } tree)
            {
                SourceText text = tree.GetText();
                int line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
                builder.Append("    > ").Append(text.Lines[line].ToString().Trim()).Append('\n');
            }
        }

        return builder.Length == 0 ? "(none)" : builder.ToString().TrimEnd('\n');
    }

    internal static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> additionalTexts, InMemoryAnalyzerConfigOptionsProvider options) =>
        CSharpGeneratorDriver.Create(
            [new OpenApiClientGenerator().AsSourceGenerator()],
            additionalTexts,
            ParseOptions,
            options,
            DriverOptions);

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string trustedPlatformAssemblies = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string
            ?? throw new InvalidOperationException("TRUSTED_PLATFORM_ASSEMBLIES is not set for this process.");
        var paths = new SortedSet<string>(
            trustedPlatformAssemblies.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries),
            StringComparer.Ordinal)
        {
            RuntimeAssembly.Location,
        };
        return [.. paths.Select(path => MetadataReference.CreateFromFile(path))];
    }
}
