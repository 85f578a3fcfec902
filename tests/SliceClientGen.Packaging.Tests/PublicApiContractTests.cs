using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;

namespace SliceClientGen.Packaging.Tests;

/// <summary>
/// The public surface of every shipped library is a contract between package versions (generated code of one
/// version calls the runtime of the same version): it is declared in <c>PublicAPI.Shipped.txt</c> and
/// <c>PublicAPI.Unshipped.txt</c>, and a change that is not declared there must fail the build, not ship.
/// </summary>
public sealed partial class PublicApiContractTests : IDisposable
{
    private const string RuntimeProject = "runtime/SliceClientGen.Runtime";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(6);

    private readonly string workDirectory = Path.Combine(Path.GetTempPath(), "sliceclientgen-publicapi-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(workDirectory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp folder must not fail the test.
        }
    }

    [Fact]
    public void Every_packable_library_tracks_its_public_api()
    {
        string root = PackageConsumptionTests.FindRepositoryRoot();
        string[] libraries = Directory.GetFiles(Path.Combine(root, "runtime"), "*.csproj", SearchOption.AllDirectories);
        Assert.NotEmpty(libraries);

        foreach (string project in libraries)
        {
            XDocument document = XDocument.Load(project);
            bool packable = document.Descendants("IsPackable").Any(e => string.Equals(e.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase));
            if (!packable)
            {
                continue;
            }

            string directory = Path.GetDirectoryName(project)!;
            string name = Path.GetFileName(project);
            Assert.True(
                document.Descendants("PackageReference").Any(e => (string?)e.Attribute("Include") == "Microsoft.CodeAnalysis.PublicApiAnalyzers"),
                $"{name} is packable but does not reference Microsoft.CodeAnalysis.PublicApiAnalyzers.");
            foreach (string file in new[] { "PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt" })
            {
                Assert.True(File.Exists(Path.Combine(directory, file)), $"{name} has no {file}.");
                Assert.True(
                    document.Descendants("AdditionalFiles").Any(e => (string?)e.Attribute("Include") == file),
                    $"{name} does not pass {file} to the analyzer as AdditionalFiles.");
            }
        }
    }

    [Fact]
    public async Task An_undeclared_change_to_the_runtime_public_surface_fails_the_build()
    {
        string root = PackageConsumptionTests.FindRepositoryRoot();
        string project = CopyProjectWithBuildFiles(root, RuntimeProject);

        // An addition nobody declared, and a declared member that no longer exists (as if removed or made internal).
        File.WriteAllText(
            Path.Combine(project, "UndeclaredAddition.cs"),
            "namespace SliceClientGen.Runtime;\n\n/// <summary>Added without updating PublicAPI.Unshipped.txt.</summary>\npublic static class UndeclaredAddition\n{\n    /// <summary>Does nothing.</summary>\n    public static void Probe() { }\n}\n");
        File.AppendAllText(Path.Combine(project, "PublicAPI.Unshipped.txt"), "SliceClientGen.Runtime.RemovedType.Removed() -> void\n");

        ProcessResult result = await ProcessRunner.RunAsync(
            "dotnet",
            ["build", project, "-c", "Release", "-f", "net10.0", "-nologo", "-clp:NoSummary"],
            workDirectory,
            BuildTimeout);

        Assert.False(result.Succeeded, "The build passed although the public surface changed without a declaration.\n" + result.Describe());
        string output = result.StandardOutput + result.StandardError;
        string[] errorIds = ErrorId().Matches(output).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.True(errorIds.SequenceEqual(["RS0016", "RS0017"]), $"Expected exactly RS0016 and RS0017, got [{string.Join(", ", errorIds)}].\n{result.Describe()}");
        Assert.Contains("UndeclaredAddition", output, StringComparison.Ordinal);
        Assert.Contains("RemovedType.Removed()", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Copies one project's sources (no bin/obj) and the repository's build files into the work folder at the same
    /// relative place, so it builds exactly as in the repository without touching the repository's outputs.
    /// </summary>
    private string CopyProjectWithBuildFiles(string root, string relativeProject)
    {
        foreach (string file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "NuGet.config", "global.json" })
        {
            string source = Path.Combine(root, file);
            if (File.Exists(source))
            {
                Directory.CreateDirectory(workDirectory);
                File.Copy(source, Path.Combine(workDirectory, file));
            }
        }

        string from = Path.Combine(root, relativeProject);
        string to = Path.Combine(workDirectory, relativeProject);
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            string first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj")
            {
                continue;
            }

            string target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return to;
    }

    [GeneratedRegex(@"error (RS\d{4}|CS\d{4}|NU\d{4}|MSB\d{4}|NETSDK\d{4})")]
    private static partial Regex ErrorId();
}
