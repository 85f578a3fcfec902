using System;
using System.Linq;
using Xunit;

namespace SliceClientGen.Tests.Infrastructure;

public sealed class LineDiffTests
{
    [Fact]
    public void Format_returns_empty_for_equal_texts()
    {
        Assert.Equal(string.Empty, LineDiff.Format("a\nb\n", "a\nb\n"));
    }

    [Fact]
    public void Format_shows_an_inserted_line_alone_with_its_actual_line_number()
    {
        string expected = Lines(1, 100);
        string actual = expected.Replace("line 50\n", "line 50\ninserted\n", StringComparison.Ordinal);

        string diff = LineDiff.Format(expected, actual);

        Assert.Equal(["+    51 | inserted"], ChangedLines(diff));
        Assert.Contains("@@ -49,4 +49,5 @@\n", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_stops_after_the_requested_number_of_differing_lines()
    {
        string diff = LineDiff.Format(Lines(1, 100), Lines(1001, 1100), maxDifferingLines: 40);

        Assert.Equal(40, ChangedLines(diff).Length);
        Assert.EndsWith("... 160 more differing lines not shown\n", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_reports_a_missing_final_newline()
    {
        string diff = LineDiff.Format("a\nb\n", "a\nb");

        Assert.Contains("(expected ends with a newline, actual does not)", diff, StringComparison.Ordinal);
    }

    private static string Lines(int first, int last) =>
        string.Concat(Enumerable.Range(first, last - first + 1).Select(i => $"line {i}\n"));

    private static string[] ChangedLines(string diff) =>
        [.. diff.Split('\n').Where(line => line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("+ ", StringComparison.Ordinal))];
}
