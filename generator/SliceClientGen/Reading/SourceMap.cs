using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;
using SliceClientGen.Diagnostics;

namespace SliceClientGen.Reading;

/// <summary>
/// JSON pointer → place in the original YAML/JSON text, recorded while the document is converted, so a
/// diagnostic about <c>/components/schemas/Foo/properties/bar</c> points at that line in the IDE.
/// </summary>
internal sealed class SourceMap
{
    private readonly Dictionary<string, (TextSpan Span, LinePositionSpan LineSpan)> _entries = new();
    private readonly string _filePath;

    public SourceMap(string filePath) => _filePath = filePath;

    public void Add(string pointer, TextSpan span, LinePositionSpan lineSpan) => _entries[pointer] = (span, lineSpan);

    /// <summary>Whether the document has a node at <paramref name="pointer"/> (normalized, e.g. <c>/openapi</c>).</summary>
    public bool Contains(string pointer) => _entries.ContainsKey(pointer);

    /// <summary>
    /// The location of <paramref name="pointer"/> (with or without a leading '#'), or of its nearest
    /// recorded ancestor, or the start of the file.
    /// </summary>
    public LocationInfo Locate(string? pointer)
    {
        string current = Normalize(pointer);
        while (true)
        {
            if (_entries.TryGetValue(current, out var entry))
            {
                return new LocationInfo(_filePath, entry.Span, entry.LineSpan);
            }

            if (current.Length == 0)
            {
                return new LocationInfo(_filePath, new TextSpan(0, 0), new LinePositionSpan(default, default));
            }

            int slash = current.LastIndexOf('/');
            current = slash <= 0 ? string.Empty : current.Substring(0, slash);
        }
    }

    /// <summary>A location at a line/column and character index, for reader errors that carry no pointer.</summary>
    public LocationInfo At(int index, int line, int column) =>
        new(_filePath, new TextSpan(index, 0), new LinePositionSpan(new LinePosition(line, column), new LinePosition(line, column)));

    public static string Normalize(string? pointer)
    {
        if (string.IsNullOrEmpty(pointer))
        {
            return string.Empty;
        }

        string p = pointer!;
        if (p[0] == '#')
        {
            p = p.Substring(1);
        }

        return p == "/" ? string.Empty : p.TrimEnd('/');
    }

    public static string Append(string pointer, string segment) => pointer + "/" + segment.Replace("~", "~0").Replace("/", "~1");
}
