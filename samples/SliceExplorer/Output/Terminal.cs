using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace SliceExplorer.Output;

/// <summary>How a piece of text is shown when colour is on.</summary>
internal enum Tone
{
    Plain,
    Heading,
    Dim,
    Accent,
    Good,
    Warn,
    Bad,
}

/// <summary>
/// Where the sample writes. On a terminal: colour (unless NO_COLOR is set) and a progress line that updates in
/// place. Redirected: plain text, one line per progress step, no escape sequences. Lines never exceed
/// <see cref="Width"/> (at most 100 columns). Safe to call from several tasks.
/// </summary>
internal sealed class Terminal
{
    /// <summary>The widest line the sample writes.</summary>
    public const int MaxWidth = 100;

    private readonly object _gate = new();
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private int _progressLength;

    public Terminal(TextWriter output, TextWriter error, bool interactive, bool colour, int width = MaxWidth)
    {
        _out = output ?? throw new ArgumentNullException(nameof(output));
        _error = error ?? throw new ArgumentNullException(nameof(error));
        IsInteractive = interactive;
        UsesColour = colour;
        Width = Math.Clamp(width, 40, MaxWidth);
    }

    /// <summary>True when stdout is a terminal: progress updates one line in place.</summary>
    public bool IsInteractive { get; }

    /// <summary>True when text is painted with ANSI colours.</summary>
    public bool UsesColour { get; }

    /// <summary>The widest line to write.</summary>
    public int Width { get; }

    /// <summary>The terminal of this process: colour only when stdout is a terminal and NO_COLOR is unset.</summary>
    public static Terminal ForConsole()
    {
        bool interactive = !Console.IsOutputRedirected;
        bool colour = interactive && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        int width = MaxWidth;
        if (interactive)
        {
            try
            {
                width = Console.WindowWidth > 0 ? Console.WindowWidth : MaxWidth;
            }
            catch (IOException)
            {
                // Not a real console after all: keep 100 columns.
            }
        }

        Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        return new Terminal(Console.Out, Console.Error, interactive, colour, width);
    }

    /// <summary>Writes a line; a longer one than <see cref="Width"/> is wrapped at spaces, continued further indented.</summary>
    public void WriteLine(string text = "", Tone tone = Tone.Plain) => WriteLine(text, tone, hangingIndent: null);

    /// <summary>Writes a line, wrapped at spaces; continuation lines are indented by <paramref name="hangingIndent"/> spaces.</summary>
    public void WriteLine(string text, Tone tone, int? hangingIndent)
    {
        lock (_gate)
        {
            ClearProgress();
            foreach (string line in Wrap(text, Width, hangingIndent))
            {
                _out.WriteLine(Paint(line, tone));
            }

            _out.Flush();
        }
    }

    /// <summary>A blank line, then the text as a heading.</summary>
    public void Heading(string text)
    {
        lock (_gate)
        {
            ClearProgress();
            _out.WriteLine();
            foreach (string line in Wrap(text, Width))
            {
                _out.WriteLine(Paint(line, Tone.Heading));
            }

            _out.Flush();
        }
    }

    /// <summary>
    /// Writes a line made of parts with their own tones (for example a coloured event type). A line longer than
    /// <see cref="Width"/> is wrapped as <see cref="WriteLine"/> does, in one tone.
    /// </summary>
    public void WriteParts(params (string Text, Tone Tone)[] parts) => WriteParts(null, parts);

    /// <summary>As <see cref="WriteParts(ValueTuple{string, Tone}[])"/>, wrapped lines indented by <paramref name="hangingIndent"/>.</summary>
    public void WriteParts(int? hangingIndent, params (string Text, Tone Tone)[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var plain = new StringBuilder();
        var painted = new StringBuilder();
        foreach ((string text, Tone tone) in parts)
        {
            plain.Append(text);
            painted.Append(Paint(text, tone));
        }

        if (plain.Length > Width)
        {
            WriteLine(plain.ToString(), Tone.Plain, hangingIndent);
            return;
        }

        lock (_gate)
        {
            ClearProgress();
            _out.WriteLine(painted.ToString());
            _out.Flush();
        }
    }

    /// <summary>Progress: on a terminal one line updated in place; otherwise a plain line each time.</summary>
    public void Progress(string text)
    {
        lock (_gate)
        {
            if (!IsInteractive)
            {
                _out.WriteLine(Fit(text));
                _out.Flush();
                return;
            }

            string fitted = Fit(text);
            _out.Write('\r' + Paint(fitted, Tone.Dim) + new string(' ', Math.Max(0, _progressLength - fitted.Length)));
            _progressLength = fitted.Length;
            _out.Flush();
        }
    }

    /// <summary>An error on stderr, in red on a terminal.</summary>
    public void Error(string message)
    {
        lock (_gate)
        {
            ClearProgress();
            _out.Flush();
            _error.WriteLine(UsesColour ? "\u001b[31m" + message + "\u001b[0m" : message);
            _error.Flush();
        }
    }

    /// <summary>The text with the tone's ANSI colour when colour is on, unchanged otherwise.</summary>
    public string Paint(string text, Tone tone)
    {
        if (!UsesColour || tone == Tone.Plain || text.Length == 0)
        {
            return text;
        }

        string code = tone switch
        {
            Tone.Heading => "1",
            Tone.Dim => "2",
            Tone.Accent => "36",
            Tone.Good => "32",
            Tone.Warn => "33",
            _ => "31",
        };
        return "\u001b[" + code + "m" + text + "\u001b[0m";
    }

    /// <summary>Cuts a line to <paramref name="width"/> columns, ending in an ellipsis when cut.</summary>
    public static string Fit(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= width)
        {
            return text;
        }

        return width <= 1 ? text[..Math.Max(0, width)] : text[..(width - 1)] + "…";
    }

    /// <summary>
    /// Splits a line longer than <paramref name="width"/> at spaces; continuation lines get
    /// <paramref name="hangingIndent"/> spaces (default: the first line's indentation plus four). A word longer than
    /// a line is cut.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, int width, int? hangingIndent = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= width)
        {
            return new[] { text };
        }

        int indent = text.Length - text.TrimStart(' ').Length;
        string continuation = new(' ', Math.Min(hangingIndent ?? (indent + 4), width / 2));
        var lines = new List<string>();
        var line = new StringBuilder(text[..indent]);
        bool empty = true;
        foreach (string word in text[indent..].Split(' '))
        {
            if (!empty && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear().Append(continuation);
                empty = true;
            }

            if (!empty)
            {
                line.Append(' ');
            }

            line.Append(word);
            empty = false;
        }

        lines.Add(line.ToString());
        return lines.Select(l => Fit(l, width)).ToList();
    }

    private string Fit(string text) => Fit(text, Width);

    private void ClearProgress()
    {
        if (_progressLength > 0)
        {
            _out.Write('\r' + new string(' ', _progressLength) + '\r');
            _progressLength = 0;
        }
    }
}
