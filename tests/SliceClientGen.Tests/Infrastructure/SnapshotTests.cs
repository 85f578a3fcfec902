using System.IO;
using Xunit;

namespace SliceClientGen.Tests.Infrastructure;

public sealed class SnapshotTests
{
    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData(" TRUE ", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    [InlineData("yes", false)]
    public void IsAcceptValue_accepts_only_1_and_true(string? value, bool expected)
    {
        Assert.Equal(expected, Snapshot.IsAcceptValue(value));
    }

    [Fact]
    public void Directory_is_the_Snapshots_folder_of_the_test_project_sources()
    {
        string projectDirectory = Path.GetDirectoryName(Snapshot.Directory)!;

        Assert.Equal("Snapshots", Path.GetFileName(Snapshot.Directory));
        Assert.True(File.Exists(Path.Combine(projectDirectory, "SliceClientGen.Tests.csproj")), projectDirectory);
    }
}
