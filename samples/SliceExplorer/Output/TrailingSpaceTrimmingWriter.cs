using System;
using System.IO;
using System.Text;

namespace SliceExplorer.Output;

/// <summary>
/// Passes text through line by line without the spaces at the end of each line (Spectre.Console pads table and grid
/// cells to their column's width). Used only for plain output, which has no cursor movement to keep in place.
/// </summary>
internal sealed class TrailingSpaceTrimmingWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly StringBuilder _line = new();

    public TrailingSpaceTrimmingWriter(TextWriter inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    public override Encoding Encoding => _inner.Encoding;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            int end = _line.Length;
            bool carriageReturn = end > 0 && _line[end - 1] == '\r';
            if (carriageReturn)
            {
                end--;
            }

            while (end > 0 && _line[end - 1] == ' ')
            {
                end--;
            }

            _inner.Write(_line.ToString(0, end));
            _inner.Write(carriageReturn ? "\r\n" : "\n");
            _line.Clear();
            return;
        }

        _line.Append(value);
    }

    public override void Write(string? value)
    {
        foreach (char c in value ?? string.Empty)
        {
            Write(c);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        for (int i = index; i < index + count; i++)
        {
            Write(buffer[i]);
        }
    }

    /// <summary>Writes out what is buffered (a line not ended yet keeps its trailing spaces only if it never ends).</summary>
    public override void Flush()
    {
        _inner.Flush();
    }
}
