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

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Small = new(LoadSmall);

    /// <summary>Names of the small documents (every JSON OpenAPI 3.x document of the packages, and Kubernetes'), sorted.</summary>
    public static IEnumerable<string> SmallNames => Small.Value.Keys.Order(StringComparer.Ordinal);

    /// <summary>xunit member data: one row per small document.</summary>
    public static TheoryData<string> SmallDocuments() => new(SmallNames);

    /// <summary>The text of a corpus document by name.</summary>
    public static string Text(string name) =>
        name == GitHub ? ReadGzip("octokit-openapi-23.0.2-api.github.com.json.gz") : Small.Value[name];

    private static Dictionary<string, string> LoadSmall()
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
