using System;
using System.Collections.Generic;
using System.Text;

namespace SliceClientGen.Tests.Infrastructure;

/// <summary>A line diff rendered unified-style, for failure messages: hunks with context, line numbers, - expected / + actual.</summary>
public static class LineDiff
{
    /// <summary>Above this many cells (changed expected lines × changed actual lines) the diff stops looking for common lines.</summary>
    private const long MaxLcsCells = 4_000_000;

    private const int ContextLines = 2;

    private enum EditKind
    {
        Same,
        Removed,
        Added,
    }

    /// <summary>
    /// Renders the differences between <paramref name="expected"/> and <paramref name="actual"/> (both with
    /// <c>\n</c> line endings). Each line is prefixed <c>-</c> (only in expected, with its expected line number),
    /// <c>+</c> (only in actual, with its actual line number) or a space (context, with its expected line number).
    /// </summary>
    /// <param name="expected">The expected text.</param>
    /// <param name="actual">The actual text.</param>
    /// <param name="maxDifferingLines">How many <c>-</c>/<c>+</c> lines to show before summarising the rest.</param>
    /// <returns>The diff, or an empty string when the texts are equal.</returns>
    public static string Format(string expected, string actual, int maxDifferingLines = 40)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDifferingLines);
        if (expected == actual)
        {
            return string.Empty;
        }

        string[] expectedLines = SplitLines(expected);
        string[] actualLines = SplitLines(actual);
        List<Edit> edits = Compute(expectedLines, actualLines);

        var builder = new StringBuilder();
        int shown = 0;
        int total = edits.FindAll(e => e.Kind != EditKind.Same).Count;
        int index = 0;
        while (index < edits.Count && shown < maxDifferingLines)
        {
            int firstChange = edits.FindIndex(index, e => e.Kind != EditKind.Same);
            if (firstChange < 0)
            {
                break;
            }

            int start = Math.Max(index, firstChange - ContextLines);
            int end = HunkEnd(edits, firstChange);
            AppendHunkHeader(builder, edits, start, end);
            for (int i = start; i < end && shown < maxDifferingLines; i++)
            {
                Edit edit = edits[i];
                switch (edit.Kind)
                {
                    case EditKind.Same:
                        builder.Append("  ").Append(edit.ExpectedLine.ToString().PadLeft(5)).Append(" | ");
                        break;
                    case EditKind.Removed:
                        builder.Append("- ").Append(edit.ExpectedLine.ToString().PadLeft(5)).Append(" | ");
                        shown++;
                        break;
                    default:
                        builder.Append("+ ").Append(edit.ActualLine.ToString().PadLeft(5)).Append(" | ");
                        shown++;
                        break;
                }

                builder.Append(edit.Text).Append('\n');
            }

            index = end;
        }

        if (total > shown)
        {
            builder.Append("... ").Append(total - shown).Append(" more differing lines not shown\n");
        }

        bool expectedEndsWithNewline = expected.EndsWith('\n');
        if (expectedEndsWithNewline != actual.EndsWith('\n') && expected.Length > 0 && actual.Length > 0)
        {
            builder.Append(expectedEndsWithNewline
                ? "(expected ends with a newline, actual does not)\n"
                : "(actual ends with a newline, expected does not)\n");
        }

        return builder.ToString();
    }

    /// <summary>Splits on <c>\n</c>; a final newline ends the last line rather than starting an empty one.</summary>
    private static string[] SplitLines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        string[] lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary>The edit script: common prefix and suffix, and a longest-common-subsequence diff of the middle.</summary>
    private static List<Edit> Compute(string[] expected, string[] actual)
    {
        int prefix = 0;
        while (prefix < expected.Length && prefix < actual.Length && expected[prefix] == actual[prefix])
        {
            prefix++;
        }

        int suffix = 0;
        while (suffix < expected.Length - prefix && suffix < actual.Length - prefix
            && expected[expected.Length - 1 - suffix] == actual[actual.Length - 1 - suffix])
        {
            suffix++;
        }

        var edits = new List<Edit>(expected.Length + actual.Length);
        for (int i = 0; i < prefix; i++)
        {
            edits.Add(new Edit(EditKind.Same, i + 1, i + 1, expected[i]));
        }

        int expectedEnd = expected.Length - suffix;
        int actualEnd = actual.Length - suffix;
        AppendMiddle(edits, expected, actual, prefix, expectedEnd, actualEnd);

        for (int i = 0; i < suffix; i++)
        {
            edits.Add(new Edit(EditKind.Same, expectedEnd + i + 1, actualEnd + i + 1, expected[expectedEnd + i]));
        }

        return edits;
    }

    private static void AppendMiddle(List<Edit> edits, string[] expected, string[] actual, int start, int expectedEnd, int actualEnd)
    {
        int n = expectedEnd - start;
        int m = actualEnd - start;
        if ((long)n * m > MaxLcsCells)
        {
            for (int i = start; i < expectedEnd; i++)
            {
                edits.Add(new Edit(EditKind.Removed, i + 1, 0, expected[i]));
            }

            for (int j = start; j < actualEnd; j++)
            {
                edits.Add(new Edit(EditKind.Added, 0, j + 1, actual[j]));
            }

            return;
        }

        // lcs[i, j] = length of the longest common subsequence of expected[start + i ..] and actual[start + j ..].
        int[,] lcs = new int[n + 1, m + 1];
        for (int i = n - 1; i >= 0; i--)
        {
            for (int j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = expected[start + i] == actual[start + j]
                    ? lcs[i + 1, j + 1] + 1
                    : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        int x = 0;
        int y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && expected[start + x] == actual[start + y])
            {
                edits.Add(new Edit(EditKind.Same, start + x + 1, start + y + 1, expected[start + x]));
                x++;
                y++;
            }
            else if (y == m || (x < n && lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                edits.Add(new Edit(EditKind.Removed, start + x + 1, 0, expected[start + x]));
                x++;
            }
            else
            {
                edits.Add(new Edit(EditKind.Added, 0, start + y + 1, actual[start + y]));
                y++;
            }
        }
    }

    /// <summary>The exclusive end of the hunk whose first change is at <paramref name="firstChange"/>: changes closer than twice the context merge.</summary>
    private static int HunkEnd(List<Edit> edits, int firstChange)
    {
        int lastChange = firstChange;
        for (int i = firstChange + 1; i < edits.Count; i++)
        {
            if (edits[i].Kind != EditKind.Same)
            {
                lastChange = i;
            }
            else if (i - lastChange > 2 * ContextLines)
            {
                break;
            }
        }

        return Math.Min(edits.Count, lastChange + 1 + ContextLines);
    }

    private static void AppendHunkHeader(StringBuilder builder, List<Edit> edits, int start, int end)
    {
        int expectedStart = 0;
        int actualStart = 0;
        int expectedCount = 0;
        int actualCount = 0;
        for (int i = start; i < end; i++)
        {
            Edit edit = edits[i];
            if (edit.Kind != EditKind.Added)
            {
                expectedStart = expectedStart == 0 ? edit.ExpectedLine : expectedStart;
                expectedCount++;
            }

            if (edit.Kind != EditKind.Removed)
            {
                actualStart = actualStart == 0 ? edit.ActualLine : actualStart;
                actualCount++;
            }
        }

        builder.Append("@@ -").Append(expectedStart).Append(',').Append(expectedCount)
            .Append(" +").Append(actualStart).Append(',').Append(actualCount).Append(" @@\n");
    }

    private readonly record struct Edit(EditKind Kind, int ExpectedLine, int ActualLine, string Text);
}
