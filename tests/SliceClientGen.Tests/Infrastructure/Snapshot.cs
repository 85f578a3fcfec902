using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace SliceClientGen.Tests.Infrastructure;

/// <summary>
/// Snapshot assertions against <c>tests/SliceClientGen.Tests/Snapshots/{name}.verified.txt</c> in the source tree
/// (found from this file's compile-time path, so tests running from bin/ read and write the checked-in files).
/// Set <c>SLICECLIENTGEN_ACCEPT=1</c> (or <c>true</c>) to accept every received text as the new verified text.
/// </summary>
public static class Snapshot
{
    /// <summary>The environment variable that switches to accept mode.</summary>
    public const string AcceptVariable = "SLICECLIENTGEN_ACCEPT";

    private static readonly Lazy<SnapshotVerifier> Default = new(() =>
        new SnapshotVerifier(DefaultDirectory(), IsAcceptValue(Environment.GetEnvironmentVariable(AcceptVariable))));

    /// <summary>The snapshot directory in the source tree.</summary>
    public static string Directory => Default.Value.Directory;

    /// <summary>
    /// Asserts that <paramref name="actual"/> equals the verified snapshot <paramref name="name"/>; see
    /// <see cref="SnapshotVerifier.Verify"/>.
    /// </summary>
    /// <exception cref="SnapshotMismatchException">The verified file is missing or differs (and not accepting).</exception>
    public static void Verify(string name, string actual) => Default.Value.Verify(name, actual);

    /// <summary>Whether an <see cref="AcceptVariable"/> value turns accept mode on: <c>1</c> or <c>true</c> (any case).</summary>
    public static bool IsAcceptValue(string? value) =>
        value?.Trim() is { } trimmed && (trimmed == "1" || string.Equals(trimmed, "true", StringComparison.OrdinalIgnoreCase));

    private static string DefaultDirectory([CallerFilePath] string thisFile = "")
    {
        string? infrastructure = Path.GetDirectoryName(thisFile);
        if (infrastructure is not null && System.IO.Directory.Exists(infrastructure))
        {
            return Path.GetFullPath(Path.Combine(infrastructure, "..", "Snapshots"));
        }

        // The compile-time path was mapped away (e.g. a deterministic CI build): find the source tree from bin/.
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SliceClientGen.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "SliceClientGen.Tests", "Snapshots");
            }
        }

        throw new InvalidOperationException($"Cannot find the snapshot directory: '{thisFile}' does not exist and no SliceClientGen.sln is above '{AppContext.BaseDirectory}'.");
    }
}
