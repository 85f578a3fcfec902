using System;
using System.Text;

namespace SliceClientGen.Emitting;

/// <summary>
/// An indentation-aware writer for generated C# (four spaces, <c>\n</c> line endings on every OS).
/// Fixed code is written as raw string templates (<see cref="Template"/>), braces close themselves
/// (<see cref="Block"/>), and text from the document only ever reaches the output through
/// <see cref="XmlDoc.Text"/>, <see cref="Comment"/> or <see cref="CSharpLiterals"/>, none of which can end a
/// comment or a literal early.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    /// <summary>Writes one line at the current indentation (an empty string writes an empty line).</summary>
    /// <exception cref="InvalidOperationException">The text holds a line terminator: an emitter bug.</exception>
    public SourceWriter Line(string text = "")
    {
        if (XmlDoc.IndexOfLineTerminator(text) >= 0)
        {
            throw new InvalidOperationException("A generated line may not contain a line terminator; write multi-line code with Template: " + text);
        }

        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4).Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    /// <summary>
    /// Writes a multi-line template (typically a raw string literal, whose common indentation C# already
    /// removed) at the current indentation; blank lines stay empty.
    /// </summary>
    public SourceWriter Template(string text)
    {
        foreach (string line in text.Replace("\r\n", "\n").Split('\n'))
        {
            Line(line.Trim().Length == 0 ? string.Empty : line.TrimEnd());
        }

        return this;
    }

    /// <summary>
    /// Writes <paramref name="header"/> and an opening brace, and indents until the returned scope is
    /// disposed, which writes the closing brace followed by <paramref name="closeSuffix"/> (for example
    /// <c>;</c> or <c>)</c>).
    /// </summary>
    public BlockScope Block(string header, string closeSuffix = "")
    {
        Line(header);
        Line("{");
        _indent++;
        return new BlockScope(this, closeSuffix);
    }

    /// <summary>Indents until the returned scope is disposed, without braces (a <c>case</c> body).</summary>
    public IndentScope Indented()
    {
        _indent++;
        return new IndentScope(this);
    }

    public SourceWriter Open(string text)
    {
        Line(text);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    public SourceWriter Indent()
    {
        _indent++;
        return this;
    }

    public SourceWriter Outdent()
    {
        _indent--;
        return this;
    }

    /// <summary>
    /// Writes an XML doc element from document text (plain text: escaped, every kind of line terminator
    /// normalised, control characters dropped), one <c>///</c> line per line.
    /// </summary>
    public SourceWriter Doc(string element, string text, string attributes = "") =>
        DocXml(element, XmlDoc.Text(text), attributes);

    /// <summary>
    /// Writes an XML doc element whose content is trusted markup (built by the emitter with
    /// <see cref="XmlDoc"/>; document text inside it must have gone through <see cref="XmlDoc.Text"/>).
    /// </summary>
    public SourceWriter DocXml(string element, string xml, string attributes = "")
    {
        string[] lines = XmlDoc.SplitLines(xml.Trim());
        if (lines.Length == 1)
        {
            return Line("/// <" + element + attributes + ">" + lines[0].Trim() + "</" + element + ">");
        }

        Line("/// <" + element + attributes + ">");
        foreach (string line in lines)
        {
            Line(line.Trim().Length == 0 ? "/// <para/>" : "/// " + line.TrimEnd());
        }

        return Line("/// </" + element + ">");
    }

    /// <summary>Writes raw XML doc content (trusted markup on one line).</summary>
    public SourceWriter DocRaw(string xml)
    {
        foreach (string line in XmlDoc.SplitLines(xml))
        {
            Line("/// " + line);
        }

        return this;
    }

    /// <summary>Writes a <c>//</c> comment from any text, one comment line per line of it.</summary>
    public SourceWriter Comment(string text)
    {
        foreach (string line in XmlDoc.SplitLines(XmlDoc.WithoutControlCharacters(text)))
        {
            Line(line.Length == 0 ? "//" : "// " + line.TrimEnd());
        }

        return this;
    }

    /// <summary>Escapes document text for XML docs. Prefer <see cref="XmlDoc.Text"/>.</summary>
    public static string Escape(string text) => XmlDoc.Text(text);

    public override string ToString() => _builder.ToString();

    /// <summary>Closes a <see cref="Block"/>.</summary>
    public readonly struct BlockScope : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly string _closeSuffix;

        internal BlockScope(SourceWriter writer, string closeSuffix)
        {
            _writer = writer;
            _closeSuffix = closeSuffix;
        }

        public void Dispose() => _writer.Close(_closeSuffix);
    }

    /// <summary>Ends an <see cref="Indented"/> region.</summary>
    public readonly struct IndentScope : IDisposable
    {
        private readonly SourceWriter _writer;

        internal IndentScope(SourceWriter writer) => _writer = writer;

        public void Dispose() => _writer.Outdent();
    }
}

/// <summary>
/// Builds trusted XML doc markup. Text from the OpenAPI document goes through <see cref="Text"/>; the
/// other helpers wrap emitter-chosen content in the usual tags.
/// </summary>
internal static class XmlDoc
{
    /// <summary>
    /// Document text as XML doc content: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> escaped; CR LF, CR, NEL, LS and PS
    /// become <c>\n</c> (which <see cref="SourceWriter"/> turns into new <c>///</c> lines, so a description can
    /// never end the comment); other control characters are dropped.
    /// </summary>
    public static string Text(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '\r':
                    builder.Append('\n');
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\n':
                case '\u0085':
                case '\u2028':
                case '\u2029':
                    builder.Append('\n');
                    break;
                case '\t':
                    builder.Append(c);
                    break;
                default:
                    if (!char.IsControl(c) && !IsLoneSurrogate(text, i))
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary><c>&lt;c&gt;code&lt;/c&gt;</c> around document text.</summary>
    public static string Code(string text) => "<c>" + Text(text) + "</c>";

    /// <summary><c>&lt;see cref="…"/&gt;</c> for a C# name the emitter chose.</summary>
    public static string See(string cref) => "<see cref=\"" + cref + "\"/>";

    /// <summary><c>&lt;see langword="…"/&gt;</c> for a C# keyword (<c>null</c>, <c>true</c>).</summary>
    public static string LangWord(string keyword) => "<see langword=\"" + keyword + "\"/>";

    /// <summary><c>&lt;paramref name="…"/&gt;</c> for a parameter the emitter chose.</summary>
    public static string ParamRef(string name) => "<paramref name=\"" + name.TrimStart('@') + "\"/>";

    /// <summary>"a" or "an" before <paramref name="word"/>, by its first letter (an EndpointSlice, a Pod).</summary>
    public static string Article(string word)
    {
        string trimmed = word.TrimStart('@', '_');
        return trimmed.Length > 0 && "AEIOUaeiou".IndexOf(trimmed[0]) >= 0 ? "an" : "a";
    }

    /// <summary>Splits at every C# line terminator (CR LF, CR, LF, NEL, LS, PS).</summary>
    public static string[] SplitLines(string text)
    {
        if (IndexOfLineTerminator(text) < 0)
        {
            return new[] { text };
        }

        return text.Replace("\r\n", "\n").Split('\n', '\r', '\u0085', '\u2028', '\u2029');
    }

    /// <summary>The index of the first C# line terminator in <paramref name="text"/>, or -1.</summary>
    public static int IndexOfLineTerminator(string text) => text.IndexOfAny(LineTerminators);

    /// <summary>The text with control characters other than line terminators and tabs removed.</summary>
    public static string WithoutControlCharacters(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\t' || Array.IndexOf(LineTerminators, c) >= 0 || (!char.IsControl(c) && !IsLoneSurrogate(text, i)))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static readonly char[] LineTerminators = { '\r', '\n', '\u0085', '\u2028', '\u2029' };

    private static bool IsLoneSurrogate(string text, int index)
    {
        char c = text[index];
        if (char.IsHighSurrogate(c))
        {
            return index + 1 >= text.Length || !char.IsLowSurrogate(text[index + 1]);
        }

        return char.IsLowSurrogate(c) && (index == 0 || !char.IsHighSurrogate(text[index - 1]));
    }
}
