using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SliceExplorer.Output;

/// <summary>A column: its header, alignment, and whether it is the one cut when the table is too wide.</summary>
internal sealed record TableColumn(string Header, bool AlignRight = false, bool Shrinks = false);

/// <summary>
/// A plain-text table with a header, rows and an optional footer. Columns are as wide as their widest cell;
/// when the table is wider than allowed, the shrinking columns are cut (with an ellipsis), so a table never
/// exceeds the terminal's width.
/// </summary>
internal sealed class TextTable
{
    private const string Gap = "  ";

    private readonly TableColumn[] _columns;
    private readonly List<(string[] Cells, Tone Tone)> _rows = new();
    private string[]? _footer;

    public TextTable(params TableColumn[] columns)
    {
        _columns = columns ?? throw new ArgumentNullException(nameof(columns));
    }

    public int RowCount => _rows.Count;

    public void AddRow(Tone tone, params string[] cells)
    {
        if (cells.Length != _columns.Length)
        {
            throw new ArgumentException($"Expected {_columns.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add((cells, tone));
    }

    public void AddRow(params string[] cells) => AddRow(Tone.Plain, cells);

    public void SetFooter(params string[] cells)
    {
        if (cells.Length != _columns.Length)
        {
            throw new ArgumentException($"Expected {_columns.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _footer = cells;
    }

    /// <summary>The lines of the table, each at most <paramref name="maxWidth"/> columns, with the tone to show them in.</summary>
    public IReadOnlyList<(string Line, Tone Tone)> Render(int maxWidth)
    {
        int[] widths = new int[_columns.Length];
        for (int c = 0; c < _columns.Length; c++)
        {
            widths[c] = AllRows().Select(row => row[c].Length).Append(_columns[c].Header.Length).Max();
        }

        int total = widths.Sum() + (Gap.Length * (_columns.Length - 1));
        for (int c = _columns.Length - 1; c >= 0 && total > maxWidth; c--)
        {
            if (_columns[c].Shrinks)
            {
                int cut = Math.Min(total - maxWidth, widths[c] - Math.Min(widths[c], Math.Max(_columns[c].Header.Length, 4)));
                widths[c] -= cut;
                total -= cut;
            }
        }

        var lines = new List<(string, Tone)>
        {
            (Format(_columns.Select(column => column.Header).ToArray(), widths, maxWidth), Tone.Heading),
        };
        foreach ((string[] cells, Tone tone) in _rows)
        {
            lines.Add((Format(cells, widths, maxWidth), tone));
        }

        if (_footer is not null)
        {
            lines.Add((new string('-', Math.Min(total, maxWidth)), Tone.Dim));
            lines.Add((Format(_footer, widths, maxWidth), Tone.Heading));
        }

        return lines;
    }

    private IEnumerable<string[]> AllRows() => _footer is null ? _rows.Select(row => row.Cells) : _rows.Select(row => row.Cells).Append(_footer);

    private string Format(string[] cells, int[] widths, int maxWidth)
    {
        var line = new StringBuilder();
        for (int c = 0; c < cells.Length; c++)
        {
            if (c > 0)
            {
                line.Append(Gap);
            }

            string cell = Terminal.Fit(cells[c], widths[c]);
            bool last = c == cells.Length - 1;
            if (_columns[c].AlignRight)
            {
                line.Append(cell.PadLeft(widths[c]));
            }
            else
            {
                line.Append(last ? cell : cell.PadRight(widths[c]));
            }
        }

        return Terminal.Fit(line.ToString().TrimEnd(), maxWidth);
    }
}
