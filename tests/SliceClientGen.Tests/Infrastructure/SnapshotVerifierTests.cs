using System;
using System.IO;
using Xunit;

namespace SliceClientGen.Tests.Infrastructure;

public sealed class SnapshotVerifierTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "sliceclientgen-snapshot-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Verify_passes_when_the_text_equals_the_verified_file()
    {
        SnapshotVerifier verifier = CreateVerifier();
        WriteVerified(verifier, "model", "line 1\nline 2\n");

        verifier.Verify("model", "line 1\nline 2\n");

        Assert.False(File.Exists(verifier.ReceivedPath("model")));
    }

    [Fact]
    public void Verify_ignores_line_ending_differences()
    {
        SnapshotVerifier verifier = CreateVerifier();
        WriteVerified(verifier, "model", "line 1\nline 2\n");

        verifier.Verify("model", "line 1\r\nline 2\r\n");
    }

    [Fact]
    public void Verify_deletes_a_stale_received_file_when_the_text_matches()
    {
        SnapshotVerifier verifier = CreateVerifier();
        WriteVerified(verifier, "model", "same\n");
        File.WriteAllText(verifier.ReceivedPath("model"), "from an earlier failing run\n");

        verifier.Verify("model", "same\n");

        Assert.False(File.Exists(verifier.ReceivedPath("model")));
    }

    [Fact]
    public void Verify_writes_the_received_file_when_the_text_differs()
    {
        SnapshotVerifier verifier = CreateVerifier();
        WriteVerified(verifier, "model", "old\n");

        Assert.Throws<SnapshotMismatchException>(() => verifier.Verify("model", "new\r\n"));

        Assert.Equal("new\n", File.ReadAllText(verifier.ReceivedPath("model")));
    }

    [Fact]
    public void Verify_fails_with_a_line_numbered_diff_when_the_text_differs()
    {
        SnapshotVerifier verifier = CreateVerifier();
        WriteVerified(verifier, "model", "a\nold\nc\n");

        SnapshotMismatchException exception = Assert.Throws<SnapshotMismatchException>(() => verifier.Verify("model", "a\nnew\nc\n"));

        Assert.Contains("-     2 | old\n", exception.Message, StringComparison.Ordinal);
        Assert.Contains("+     2 | new\n", exception.Message, StringComparison.Ordinal);
        Assert.Contains(verifier.ReceivedPath("model"), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_writes_the_received_file_and_fails_when_there_is_no_verified_file()
    {
        SnapshotVerifier verifier = CreateVerifier();

        SnapshotMismatchException exception = Assert.Throws<SnapshotMismatchException>(() => verifier.Verify("Nested/model", "first\n"));

        Assert.Equal(verifier.ReceivedPath("Nested/model"), exception.ReceivedPath);
        Assert.Equal("first\n", File.ReadAllText(exception.ReceivedPath));
        Assert.Contains("+     1 | first\n", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_in_accept_mode_writes_the_verified_file_instead_of_failing()
    {
        SnapshotVerifier verifier = CreateVerifier(accept: true);
        WriteVerified(verifier, "model", "old\n");

        verifier.Verify("model", "new\r\n");

        Assert.Equal("new\n", File.ReadAllText(verifier.VerifiedPath("model")));
        Assert.False(File.Exists(verifier.ReceivedPath("model")));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/absolute")]
    [InlineData("a//b")]
    [InlineData("a\\b")]
    public void Verify_rejects_names_that_are_not_relative_file_names(string name)
    {
        SnapshotVerifier verifier = CreateVerifier();

        Assert.Throws<ArgumentException>(() => verifier.Verify(name, "text"));
    }

    private SnapshotVerifier CreateVerifier(bool accept = false) => new(directory, accept);

    private static void WriteVerified(SnapshotVerifier verifier, string name, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(verifier.VerifiedPath(name))!);
        File.WriteAllText(verifier.VerifiedPath(name), text);
    }
}
