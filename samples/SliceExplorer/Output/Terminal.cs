using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Spectre.Console;
using Spectre.Console.Rendering;

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
/// Where the sample writes, on Spectre.Console. On a terminal: colour (unless NO_COLOR is set) and a status line
/// with a spinner while pages arrive. Redirected or with NO_COLOR: plain text, one line per progress step, no escape
/// sequence at all. Lines wrap at <see cref="Width"/> (at most 100 columns). Safe to call from several tasks.
/// </summary>
internal sealed class Terminal
{
    /// <summary>The widest line the sample writes.</summary>
    public const int MaxWidth = 100;

    private readonly object _gate = new();
    private readonly IAnsiConsole _out;
    private readonly IAnsiConsole _error;

    public Terminal(TextWriter output, TextWriter error, bool interactive, bool colour, int width = MaxWidth)
    {
        Output = output ?? throw new ArgumentNullException(nameof(output));
        ErrorOutput = error ?? throw new ArgumentNullException(nameof(error));
        IsInteractive = interactive;
        UsesColour = colour;
        Width = Math.Clamp(width, 40, MaxWidth);
        _out = Create(output, interactive, colour, Width);
        _error = Create(error, interactive: false, colour, Width);
    }

    /// <summary>True when stdout is a terminal.</summary>
    public bool IsInteractive { get; }

    /// <summary>True when text is painted with ANSI colours (and progress is a live status line).</summary>
    public bool UsesColour { get; }

    /// <summary>The widest line to write.</summary>
    public int Width { get; }

    /// <summary>The writer under the standard output (for text that is already laid out, such as the help).</summary>
    public TextWriter Output { get; }

    /// <summary>The writer under the standard error.</summary>
    public TextWriter ErrorOutput { get; }

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

    /// <summary>Writes a line, wrapped at spaces; continuation lines keep the first line's indentation.</summary>
    public void WriteLine(string text = "", Tone tone = Tone.Plain)
    {
        ArgumentNullException.ThrowIfNull(text);
        string body = text.TrimStart(' ');
        int indent = text.Length - body.Length;
        if (indent == 0)
        {
            WriteText(new Text(body, StyleOf(tone)));
        }
        else
        {
            Write(Labelled(new Text(new string(' ', indent)), new Text(body, StyleOf(tone)), indent));
        }
    }

    /// <summary>
    /// Writes a line whose first <paramref name="hangingIndent"/> characters are a label; the rest wraps in a column
    /// of its own after the label.
    /// </summary>
    public void WriteLine(string text, Tone tone, int hangingIndent)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= hangingIndent)
        {
            WriteLine(text, tone);
            return;
        }

        Write(Labelled(new Text(text[..hangingIndent], StyleOf(tone)), new Text(text[hangingIndent..], StyleOf(tone)), hangingIndent));
    }

    /// <summary>A blank line, then the text as a heading.</summary>
    public void Heading(string text)
    {
        lock (_gate)
        {
            _out.WriteLine();
            _out.Write(new Text(text, StyleOf(Tone.Heading)));
            _out.WriteLine();
        }
    }

    /// <summary>Writes a line made of parts with their own tones (for example a coloured event type), wrapped at spaces.</summary>
    public void WriteParts(params (string Text, Tone Tone)[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var paragraph = new Paragraph();
        foreach ((string text, Tone tone) in parts)
        {
            paragraph.Append(text, StyleOf(tone));
        }

        WriteText(paragraph);
    }

    /// <summary>A label in its tone, then text that wraps in a column of its own at <paramref name="labelWidth"/>.</summary>
    public void WriteLabelled(string label, Tone labelTone, string text, Tone textTone, int labelWidth)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(text);
        Write(Labelled(new Text(label, StyleOf(labelTone)), new Text(text, StyleOf(textTone)), labelWidth));
    }

    /// <summary>Writes a Spectre.Console block widget (a table, a grid): it ends its own last line.</summary>
    public void Write(IRenderable renderable)
    {
        ArgumentNullException.ThrowIfNull(renderable);
        lock (_gate)
        {
            _out.Write(renderable);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/>, which reports progress through the callback it gets. With colour on a terminal the
    /// latest report is a live status line (a spinner) that disappears at the end; otherwise each report is a plain line.
    /// </summary>
    public async Task<T> ShowProgressAsync<T>(string initial, Func<Action<string>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!IsInteractive || !UsesColour)
        {
            return await work(text => WriteLine(Fit(text, Width))).ConfigureAwait(false);
        }

        return await _out.Status()
            .Spinner(Spinner.Known.Dots)
            .SpinnerStyle(StyleOf(Tone.Accent))
            .StartAsync(Markup.Escape(initial), context => work(text => context.Status = Markup.Escape(Fit(text, Width - 2))))
            .ConfigureAwait(false);
    }

    /// <summary>An error on stderr, in red on a terminal.</summary>
    public void Error(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            _error.Write(new Text(message, StyleOf(Tone.Bad)));
            _error.WriteLine();
        }
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

    /// <summary>The Spectre.Console style of a tone (ignored when colour is off).</summary>
    public static Style StyleOf(Tone tone) => tone switch
    {
        Tone.Heading => new Style(decoration: Decoration.Bold),
        Tone.Dim => new Style(decoration: Decoration.Dim),
        Tone.Accent => new Style(Color.Teal),
        Tone.Good => new Style(Color.Green),
        Tone.Warn => new Style(Color.Olive),
        Tone.Bad => new Style(Color.Maroon),
        _ => Style.Plain,
    };

    /// <summary>Text and paragraphs do not end their line: the line break follows.</summary>
    private void WriteText(IRenderable text)
    {
        lock (_gate)
        {
            _out.Write(text);
            _out.WriteLine();
        }
    }

    private static Grid Labelled(IRenderable label, IRenderable text, int labelWidth)
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn { Width = labelWidth, NoWrap = true, Padding = new Padding(0, 0, 0, 0) });
        grid.AddColumn(new GridColumn { Padding = new Padding(0, 0, 0, 0) });
        grid.AddRow(label, text);
        return grid;
    }

    private static IAnsiConsole Create(TextWriter writer, bool interactive, bool colour, int width)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = colour ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = interactive && colour ? InteractionSupport.Yes : InteractionSupport.No,
            // Plain output is for logs and pipes: the padding that aligns cells in a terminal is not kept at line ends.
            Out = new AnsiConsoleOutput(colour ? writer : new TrailingSpaceTrimmingWriter(writer)),
        });
        console.Profile.Width = width;
        return console;
    }
}
