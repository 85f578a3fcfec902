using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace SliceClientGen.Reading;

/// <summary>
/// YamlDotNet (16 and 18) refuses a block scalar whose only lines are blank but hold spaces ("While scanning a
/// literal block scalar, found extra spaces in first line"), e.g. <c>description: |+</c> followed by a line of
/// four spaces; libyaml, PyYAML and the YAML 1.2 specification read it as a scalar of line breaks. When that error
/// is raised, the document is read again with the spaces of those lines removed (the value is the same: such a
/// scalar is only line breaks). Lines keep their numbers and the indexes are mapped back, so locations stay exact.
/// </summary>
internal static class BlockScalarRepair
{
    // A line ending in a block scalar header: '|' or '>' with optional chomping/indentation indicators and comment.
    private static readonly Regex Header = new(@"(^|[\s:\-?])[|>][0-9+\-]{0,2}[ \t]*(#.*)?$", RegexOptions.CultureInvariant);

    /// <summary>Whether <paramref name="message"/> is the error this repair addresses.</summary>
    public static bool Applies(string message) =>
        message.IndexOf("found extra spaces in first line", System.StringComparison.Ordinal) >= 0;

    /// <summary>
    /// The text with the blank-but-spaced lines of content-less block scalars emptied, and for each removal the
    /// index in the repaired text where it happened and how many characters went (ascending), or null when nothing
    /// was repaired.
    /// </summary>
    public static string? Repair(string text, out List<(int At, int Removed)> removals)
    {
        removals = new List<(int At, int Removed)>();
        List<(int Start, int End)> lines = SplitLines(text);
        var blank = new bool[lines.Count];
        for (int i = 0; i < lines.Count; i++)
        {
            (int start, int end) = lines[i];
            string line = text.Substring(start, end - start);
            if (!Header.IsMatch(line.TrimEnd()))
            {
                continue;
            }

            int headerIndent = Indent(line);
            int j = i + 1;
            while (j < lines.Count && text.Substring(lines[j].Start, lines[j].End - lines[j].Start).Trim().Length == 0)
            {
                j++;
            }

            bool noContent = j >= lines.Count || Indent(text.Substring(lines[j].Start, lines[j].End - lines[j].Start)) <= headerIndent;
            for (int k = i + 1; noContent && k < j; k++)
            {
                blank[k] = true;
            }
        }

        var repaired = new StringBuilder(text.Length);
        int removedSoFar = 0;
        int previousEnd = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            (int start, int end) = lines[i];
            repaired.Append(text, previousEnd, start - previousEnd);
            if (blank[i] && end > start)
            {
                removedSoFar += end - start;
                removals.Add((start - (removedSoFar - (end - start)), end - start));
            }
            else
            {
                repaired.Append(text, start, end - start);
            }

            previousEnd = end;
        }

        repaired.Append(text, previousEnd, text.Length - previousEnd);
        return removals.Count == 0 ? null : repaired.ToString();
    }

    /// <summary>The index in the original text of <paramref name="index"/> in the repaired text.</summary>
    public static long ToOriginal(long index, List<(int At, int Removed)> removals)
    {
        long original = index;
        foreach ((int at, int removed) in removals)
        {
            if (at > index)
            {
                break;
            }

            original += removed;
        }

        return original;
    }

    private static int Indent(string line)
    {
        int indent = 0;
        while (indent < line.Length && line[indent] == ' ')
        {
            indent++;
        }

        return indent;
    }

    /// <summary>Each line's content as [Start, End) without its line break (\n, \r\n or \r, as YAML counts them).</summary>
    private static List<(int Start, int End)> SplitLines(string text)
    {
        var lines = new List<(int Start, int End)>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] is '\n' or '\r')
            {
                lines.Add((start, i));
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        lines.Add((start, text.Length));
        return lines;
    }
}
