using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Xunit;

namespace SliceClientGen.Corpus.Tests;

/// <summary>
/// The corpus: public OpenAPI documents as their npm packages publish them (vendored under Documents/, see
/// Documents/README.md), read straight from the package archives, plus the repository's own Kubernetes documents.
/// </summary>
public static class CorpusDocuments
{
    /// <summary>The vendored archives, next to the test assembly.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Documents");

    /// <summary>GitHub's REST API description (@octokit/openapi 23.0.2, generated/api.github.com.json): the scale document.</summary>
    public const string GitHub = "octokit-openapi-23.0.2/api.github.com.json";

    /// <summary>
    /// Documents whose generated code takes the compiler minutes (ReadMe's own API: 1,169 generated files, 7.6 MB),
    /// run only with SLICECLIENTGEN_CORPUS=all so the default test run stays within its time budget.
    /// </summary>
    public static readonly IReadOnlySet<string> Large = new HashSet<string>(StringComparer.Ordinal)
    {
        "readme-oas-examples-8.2.2/3.1/json/readme.json",
        GitHub,
    };

    private static readonly Lazy<Dictionary<string, string>> Packaged = new(LoadPackaged);

    /// <summary>Whether SLICECLIENTGEN_CORPUS=all asks for the large documents too.</summary>
    public static bool IncludeLarge => Environment.GetEnvironmentVariable("SLICECLIENTGEN_CORPUS") == "all";

    /// <summary>Every document name, sorted: the JSON OpenAPI 3.x documents of the packages, Galaxy, Kubernetes', GitHub's.</summary>
    public static IEnumerable<string> AllNames => Packaged.Value.Keys.Append(GitHub).Order(StringComparer.Ordinal);

    /// <summary>xunit member data: one row per document of the default run.</summary>
    public static TheoryData<string> SmallDocuments() => new(AllNames.Where(name => !Large.Contains(name)));

    /// <summary>xunit member data: one row per large document.</summary>
    public static TheoryData<string> LargeDocuments() => new(AllNames.Where(Large.Contains));

    /// <summary>The text of a corpus document by name.</summary>
    public static string Text(string name) =>
        name == GitHub ? ReadGzip("octokit-openapi-23.0.2-api.github.com.json.gz") : Packaged.Value[name];

    private static Dictionary<string, string> LoadPackaged()
    {
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        // @readme/oas-examples: the OpenAPI 3.0 and 3.1 documents (JSON; the yaml/ folders hold the same documents).
        foreach ((string entry, string text) in ReadPackage("readme-oas-examples-8.2.2.tgz"))
        {
            if ((entry.StartsWith("package/3.0/json/", StringComparison.Ordinal) || entry.StartsWith("package/3.1/json/", StringComparison.Ordinal))
                && entry.EndsWith(".json", StringComparison.Ordinal))
            {
                documents.Add("readme-oas-examples-8.2.2/" + entry["package/".Length..], text);
            }
        }

        // @scalar/galaxy: the example API of the Scalar tools (3.1, YAML and JSON are the same document; YAML read here).
        foreach ((string entry, string text) in ReadPackage("scalar-galaxy-0.2.20.tgz"))
        {
            if (entry == "package/dist/3.1.yaml")
            {
                documents.Add("scalar-galaxy-0.2.20/3.1.yaml", text);
            }
        }

        string openapi = Path.Combine(RepositoryRoot(), "openapi");
        foreach (string file in System.IO.Directory.EnumerateFiles(openapi))
        {
            documents.Add("kubernetes/" + Path.GetFileName(file), File.ReadAllText(file));
        }

        return documents;
    }

    private static IEnumerable<(string Entry, string Text)> ReadPackage(string archive)
    {
        using FileStream file = File.OpenRead(Path.Combine(Directory, archive));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
            {
                using var reader = new StreamReader(data, Encoding.UTF8);
                yield return (entry.Name, reader.ReadToEnd());
            }
        }
    }

    private static string ReadGzip(string file)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(Directory, file)), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string RepositoryRoot()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "SliceClientGen.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("SliceClientGen.sln not found above " + AppContext.BaseDirectory);
    }
}
