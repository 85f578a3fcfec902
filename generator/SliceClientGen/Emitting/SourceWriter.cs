using System.Text;

namespace SliceClientGen.Emitting;

/// <summary>An indentation-aware writer for generated C# (four spaces, \n line endings on every OS).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4).Append(text);
        }

        _builder.Append('\n');
        return this;
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

    /// <summary>Writes an XML doc element, one /// line per line of <paramref name="text"/>, XML-escaped.</summary>
    public SourceWriter Doc(string element, string text, string attributes = "")
    {
        string[] lines = text.Replace("\r\n", "\n").Trim().Split('\n');
        if (lines.Length == 1)
        {
            return Line("/// <" + element + attributes + ">" + Escape(lines[0].Trim()) + "</" + element + ">");
        }

        Line("/// <" + element + attributes + ">");
        foreach (string line in lines)
        {
            Line(line.Trim().Length == 0 ? "/// <para/>" : "/// " + Escape(line.TrimEnd()));
        }

        return Line("/// </" + element + ">");
    }

    /// <summary>Writes raw XML doc content (already escaped).</summary>
    public SourceWriter DocRaw(string xml) => Line("/// " + xml);

    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    public override string ToString() => _builder.ToString();
}
