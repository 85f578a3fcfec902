using System;
using System.IO;
using System.Linq;
using System.Text;

namespace SliceClientGen.Tests.Infrastructure;

/// <summary>
/// Compares texts to <c>{name}.verified.txt</c> files in one directory. On a mismatch (or no verified file) it
/// writes <c>{name}.received.txt</c> beside it and throws <see cref="SnapshotMismatchException"/> with a line diff;
/// in accept mode it writes the verified file instead. Line endings are normalised to <c>\n</c> on both sides.
/// </summary>
public sealed class SnapshotVerifier
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Creates a verifier.</summary>
    /// <param name="directory">The directory holding the snapshot files (created on first write).</param>
    /// <param name="accept">True to write every received text as the verified file and pass.</param>
    public SnapshotVerifier(string directory, bool accept)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        Accept = accept;
    }

    /// <summary>The directory holding the snapshot files.</summary>
    public string Directory { get; }

    /// <summary>Whether received texts are written as the verified files.</summary>
    public bool Accept { get; }

    /// <summary>The verified file of snapshot <paramref name="name"/>.</summary>
    public string VerifiedPath(string name) => PathFor(name, ".verified.txt");

    /// <summary>The received file of snapshot <paramref name="name"/>.</summary>
    public string ReceivedPath(string name) => PathFor(name, ".received.txt");

    /// <summary>
    /// Passes if <paramref name="actual"/> equals the verified text of <paramref name="name"/> (deleting a stale received
    /// file), or if accepting (writing the verified file); otherwise writes the received file and throws.
    /// </summary>
    /// <param name="name">The snapshot name: a file name without extension, optionally under '/'-separated folders.</param>
    /// <param name="actual">The text produced by the code under test.</param>
    /// <exception cref="SnapshotMismatchException">Not accepting, and the verified file is missing or differs.</exception>
    public void Verify(string name, string actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        string verifiedPath = VerifiedPath(name);
        string receivedPath = ReceivedPath(name);
        string received = Normalize(actual);
        string? verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;

        if (Accept)
        {
            if (verified != received)
            {
                Write(verifiedPath, received);
            }

            File.Delete(receivedPath);
            return;
        }

        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }

        Write(receivedPath, received);
        string headline = verified is null
            ? $"Snapshot '{name}' has no verified file: {verifiedPath}"
            : $"Snapshot '{name}' does not match {verifiedPath}";
        var message = new StringBuilder()
            .Append(headline).Append('\n')
            .Append("Received: ").Append(receivedPath).Append('\n')
            .Append("If the new text is right, rerun with ").Append(Snapshot.AcceptVariable)
            .Append("=1 or rename the received file to .verified.txt.\n")
            .Append("--- verified\n+++ received\n")
            .Append(LineDiff.Format(verified ?? string.Empty, received));
        throw new SnapshotMismatchException(message.ToString(), receivedPath);
    }

    /// <summary>Converts CRLF and lone CR line endings to LF.</summary>
    public static string Normalize(string text) => text.ReplaceLineEndings("\n");

    private string PathFor(string name, string suffix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string[] segments = name.Split('/');
        if (Path.IsPathRooted(name)
            || segments.Any(s => s.Length == 0 || s is "." or ".." || s.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || s.Contains('\\')))
        {
            throw new ArgumentException($"Snapshot name '{name}' must be a relative file name, optionally with '/'-separated folders.", nameof(name));
        }

        return Path.Combine([Directory, .. segments[..^1], segments[^1] + suffix]);
    }

    private static void Write(string path, string text)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, Utf8NoBom);
    }
}
