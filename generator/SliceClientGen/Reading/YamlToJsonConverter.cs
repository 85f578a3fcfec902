using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SliceClientGen.Reading;

/// <summary>
/// Converts a YAML or JSON OpenAPI document (JSON is read as YAML 1.2 flow style) to JSON text for
/// Microsoft.OpenApi, keeping scalar types (a quoted <c>'200'</c> stays a string, a plain <c>200</c>
/// becomes a number) and recording where every node came from.
/// </summary>
internal static class YamlToJsonConverter
{
    /// <summary>
    /// How deep the document is read (the root is at depth 0): a collection deeper than this is cut (see
    /// <see cref="DepthLimitingParser"/>), and the schema holding it is read as <c>{}</c> (SCG0014), so no reader after
    /// this one (Microsoft.OpenApi, the model builder) recurses further than about this many levels.
    /// </summary>
    internal const int MaxDepth = 200;

    /// <summary>
    /// Schemas are cut this many levels above <see cref="MaxDepth"/> when something in them nests past it: a nested
    /// schema is at most a few levels below its parent (<c>properties/x</c>, <c>items</c>, <c>allOf/0</c>), so the
    /// deepest schema above the cut is found in this band, and everything shallower is generated as written.
    /// </summary>
    private const int SchemaCutBand = 12;

    /// <summary>The height of a node too deep to measure (a cut, an alias cycle).</summary>
    private const int Unmeasured = 1 << 20;

    // YAML 1.2 core schema resolution for plain (unquoted) scalars.
    private static readonly Regex IntPattern = new(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant);
    private static readonly Regex OctalPattern = new(@"^0o[0-7]+$", RegexOptions.CultureInvariant);
    private static readonly Regex HexPattern = new(@"^0x[0-9a-fA-F]+$", RegexOptions.CultureInvariant);
    private static readonly Regex FloatPattern = new(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

    /// <summary>The outcome: JSON text and its source map, or a syntax error with its place.</summary>
    internal sealed class Result
    {
        public string? Json { get; init; }

        public SourceMap Map { get; init; } = null!;

        public string? Error { get; init; }

        public int ErrorIndex { get; init; }

        public int ErrorLine { get; init; }

        public int ErrorColumn { get; init; }

        /// <summary>Schemas read differently from how they are written (boolean schemas, alias cycles), by pointer.</summary>
        public List<SchemaRewrite> Rewrites { get; init; } = new();
    }

    /// <summary>
    /// A node the converter rewrote for Microsoft.OpenApi: a boolean schema, an alias in a cycle (<paramref name="AliasCycle"/>),
    /// or a node that nests too deep (<paramref name="TooDeep"/>: a schema read as <c>{}</c>, any other value as null).
    /// </summary>
    internal sealed record SchemaRewrite(string Pointer, bool? Boolean, string? AliasCycle, DepthCut? TooDeep = null);

    /// <summary>What a node nesting past <see cref="MaxDepth"/> was read as.</summary>
    internal enum DepthCut
    {
        /// <summary>A schema, read as <c>{}</c>: any JSON value (JsonElement).</summary>
        Schema,

        /// <summary>Any other value, read as null (left out).</summary>
        Value,
    }

    public static Result Convert(string path, string text)
    {
        var map = new SourceMap(path);
        var stream = new YamlStream();
        List<(int At, int Removed)>? removals = null;
        try
        {
            try
            {
                stream.Load(new DepthLimitingParser(new Parser(new StringReader(text)), MaxDepth));
            }
            catch (YamlException ex) when (BlockScalarRepair.Applies(ex.Message) && BlockScalarRepair.Repair(text, out var repairs) is { } repaired)
            {
                removals = repairs;
                stream = new YamlStream();
                stream.Load(new DepthLimitingParser(new Parser(new StringReader(repaired)), MaxDepth));
            }
        }
        catch (YamlException ex)
        {
            long at = removals is null ? ex.Start.Index : BlockScalarRepair.ToOriginal(ex.Start.Index, removals);
            (int index, int line, int column) = Place(text, at);
            return new Result { Map = map, Error = FirstLine(ex.Message), ErrorIndex = index, ErrorLine = line, ErrorColumn = column };
        }

        if (stream.Documents.Count == 0)
        {
            return new Result { Map = map, Error = "the file is empty" };
        }

        var json = new StringBuilder(text.Length + (text.Length / 4));
        YamlNode root = stream.Documents[0].RootNode;
        var converter = new Walker(json, map, removals, text.Length, root, SchemaPositions.AliasCycles(root));
        string? error = converter.Write(root, string.Empty, null, 0, SchemaPosition.Document);
        return error is null
            ? new Result { Json = json.ToString(), Map = map, Rewrites = converter.Rewrites }
            : new Result { Map = map, Error = error, ErrorIndex = converter.ErrorIndex, ErrorLine = converter.ErrorLine, ErrorColumn = converter.ErrorColumn };
    }

    /// <summary>
    /// The 0-based line and column of a character index, computed from the text itself: the parser's marks run
    /// past the end of a truncated file (a one-line file would be reported at line 2), so an index at or after the
    /// end is moved back to the file's last non-blank character.
    /// </summary>
    internal static (int Index, int Line, int Column) Place(string text, long index)
    {
        int at = (int)Math.Max(0, Math.Min(index, text.Length));
        if (at >= text.TrimEnd().Length)
        {
            at = Math.Max(0, text.TrimEnd().Length - 1);
        }

        int line = 0;
        int lineStart = 0;
        for (int i = 0; i < at; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (at, line, at - lineStart);
    }

    private static string FirstLine(string message)
    {
        int newline = message.IndexOfAny(new[] { '\r', '\n' });
        return (newline < 0 ? message : message.Substring(0, newline)).Trim().TrimEnd('.');
    }

    private sealed class Walker
    {
        private readonly StringBuilder _json;
        private readonly SourceMap _map;

        private readonly List<(int At, int Removed)>? _removals;
        private long _budget;

        private readonly Dictionary<string, string> _aliasCycles;
        private readonly YamlNode _root;
        private readonly Dictionary<YamlNode, int> _heights = new(Helpers.ReferenceComparer<YamlNode>.Instance);

        public Walker(StringBuilder json, SourceMap map, List<(int At, int Removed)>? removals, int textLength, YamlNode root, Dictionary<string, string> aliasCycles)
        {
            _root = root;
            _json = json;
            _map = map;
            _removals = removals;
            _aliasCycles = aliasCycles;

            // Aliases make a node appear again wherever it is referenced: a document of a few kilobytes can expand to
            // billions of nodes ("billion laughs"). A document's own nodes need at most a few characters each.
            _budget = (4L * textLength) + 100_000;
        }

        public int ErrorIndex { get; private set; }

        public int ErrorLine { get; private set; }

        public int ErrorColumn { get; private set; }

        public List<SchemaRewrite> Rewrites { get; } = new();

        public string? Write(YamlNode node, string pointer, YamlNode? key, int depth, SchemaPosition position)
        {
            Record(pointer, node, key);
            if (--_budget < 0)
            {
                return Fail(node, "aliases expand the document to more nodes than its size allows (an alias bomb?)");
            }

            // Placeholders stand for collections the parser cut; only aliases (a node met again deeper) go further.
            if (DepthLimitingParser.IsPlaceholder(node) || depth > MaxDepth + 1
                || (position == SchemaPosition.Schema && depth > MaxDepth - SchemaCutBand && depth + Height(node, MaxDepth + 2 - depth) > MaxDepth))
            {
                bool schema = position == SchemaPosition.Schema;
                _json.Append(schema ? "{}" : "null");
                Rewrites.Add(new SchemaRewrite(pointer, null, null, schema ? DepthCut.Schema : DepthCut.Value));
                return null;
            }

            if (position == SchemaPosition.Schema && node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: "true" or "True" or "TRUE" or "false" or "False" or "FALSE" } literal
                && literal.Tag.IsEmpty)
            {
                bool boolean = literal.Value![0] is 't' or 'T';
                // A boolean schema (3.1): true allows anything ({}), false nothing ({not: {}}).
                _json.Append(boolean ? "{}" : "{\"not\":{}}");
                Rewrites.Add(new SchemaRewrite(pointer, boolean, null));
                return null;
            }

            if (position == SchemaPosition.Schema && node is YamlMappingNode self && SchemaPositions.PointerCycle(_root, self, pointer) is { } cycle)
            {
                // A $ref into a schema that leads back to itself: Microsoft.OpenApi throws resolving it; read as {} (any value).
                _json.Append("{}");
                Rewrites.Add(new SchemaRewrite(pointer, null, cycle));
                return null;
            }

            switch (node)
            {
                case YamlMappingNode mapping:
                    _json.Append('{');
                    bool first = true;
                    foreach (var entry in mapping.Children)
                    {
                        if (entry.Key is not YamlScalarNode keyScalar)
                        {
                            return Fail(entry.Key, "a mapping key must be a plain string");
                        }

                        if (!first)
                        {
                            _json.Append(',');
                        }

                        first = false;
                        string name = keyScalar.Value ?? string.Empty;
                        WriteString(name);
                        _json.Append(':');
                        string childPointer = SourceMap.Append(pointer, name);
                        if (position == SchemaPosition.SchemaMap && pointer == "/components/schemas" && _aliasCycles.TryGetValue(name, out string? chain))
                        {
                            // Resolving an alias in a cycle throws in Microsoft.OpenApi: it is read as {} (any value).
                            Record(childPointer, entry.Value, entry.Key);
                            _json.Append("{}");
                            Rewrites.Add(new SchemaRewrite(childPointer, null, chain));
                            continue;
                        }

                        string? error = Write(entry.Value, childPointer, entry.Key, depth + 1, SchemaPositions.Child(position, pointer, name));
                        if (error is not null)
                        {
                            return error;
                        }
                    }

                    _json.Append('}');
                    return null;

                case YamlSequenceNode sequence:
                    _json.Append('[');
                    for (int i = 0; i < sequence.Children.Count; i++)
                    {
                        if (i > 0)
                        {
                            _json.Append(',');
                        }

                        string? error = Write(sequence.Children[i], pointer + "/" + i.ToString(CultureInfo.InvariantCulture), null, depth + 1, SchemaPositions.Element(position));
                        if (error is not null)
                        {
                            return error;
                        }
                    }

                    _json.Append(']');
                    return null;

                case YamlScalarNode scalar:
                    WriteScalar(scalar);
                    return null;

                default:
                    return Fail(node, "unsupported YAML node " + node.NodeType);
            }
        }

        /// <summary>
        /// How many levels <paramref name="node"/> reaches below itself (aliases followed), or <see cref="Unmeasured"/>
        /// when it holds a cut, an alias cycle or more than <paramref name="budget"/> levels. Each node is measured once.
        /// </summary>
        private int Height(YamlNode node, int budget)
        {
            if (_heights.TryGetValue(node, out int known))
            {
                return known;
            }

            if (budget <= 0 || DepthLimitingParser.IsPlaceholder(node))
            {
                return Unmeasured;
            }

            _heights[node] = Unmeasured; // on the current path: a cycle through an alias is unmeasured
            int height = 0;
            IEnumerable<YamlNode> children = node switch
            {
                YamlMappingNode mapping => mapping.Children.Values,
                YamlSequenceNode sequence => sequence.Children,
                _ => Array.Empty<YamlNode>(),
            };
            foreach (YamlNode child in children)
            {
                height = Math.Max(height, Math.Min(Unmeasured, 1 + Height(child, budget - 1)));
                if (height >= Unmeasured)
                {
                    break;
                }
            }

            _heights[node] = height;
            return height;
        }

        private string Fail(YamlNode node, string message)
        {
            ErrorIndex = Index(node.Start);
            ErrorLine = (int)node.Start.Line - 1;
            ErrorColumn = (int)node.Start.Column - 1;
            return message;
        }

        private int Index(Mark mark) => (int)(_removals is null ? mark.Index : BlockScalarRepair.ToOriginal(mark.Index, _removals));

        private void Record(string pointer, YamlNode node, YamlNode? key)
        {
            // A scalar's place is its whole line (key and value); a block's is its key, so an IDE squiggle
            // does not cover a hundred lines.
            Mark start = key?.Start ?? node.Start;
            Mark end = node is YamlScalarNode ? node.End : key?.End ?? node.Start;
            if (end.Index < start.Index)
            {
                end = start;
            }

            _map.Add(
                pointer,
                TextSpan.FromBounds(Index(start), Index(end)),
                new LinePositionSpan(
                    new LinePosition((int)start.Line - 1, (int)start.Column - 1),
                    new LinePosition((int)end.Line - 1, (int)end.Column - 1)));
        }

        private void WriteScalar(YamlScalarNode scalar)
        {
            string value = scalar.Value ?? string.Empty;
            bool plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;
            bool explicitString = !scalar.Tag.IsEmpty && scalar.Tag.Value is "tag:yaml.org,2002:str" or "!!str";
            if (!plain || explicitString)
            {
                WriteString(value);
                return;
            }

            switch (value)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    _json.Append("null");
                    return;
                case "true" or "True" or "TRUE":
                    _json.Append("true");
                    return;
                case "false" or "False" or "FALSE":
                    _json.Append("false");
                    return;
            }

            if (IntPattern.IsMatch(value))
            {
                _json.Append(NormalizeInteger(value));
            }
            else if (OctalPattern.IsMatch(value))
            {
                _json.Append(System.Convert.ToInt64(value.Substring(2), 8).ToString(CultureInfo.InvariantCulture));
            }
            else if (HexPattern.IsMatch(value) && value.Length <= 17)
            {
                _json.Append(long.Parse(value.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
            }
            else if (FloatPattern.IsMatch(value))
            {
                _json.Append(NormalizeFloat(value));
            }
            else
            {
                WriteString(value);
            }
        }

        private static string NormalizeInteger(string value)
        {
            bool negative = value[0] == '-';
            string digits = value.TrimStart('-', '+').TrimStart('0');
            return digits.Length == 0 ? "0" : (negative ? "-" : string.Empty) + digits;
        }

        private static string NormalizeFloat(string value)
        {
            // JSON numbers need a digit on both sides of the point and no leading '+'.
            string v = value.TrimStart('+');
            bool negative = v.StartsWith("-", StringComparison.Ordinal);
            if (negative)
            {
                v = v.Substring(1);
            }

            if (v.StartsWith(".", StringComparison.Ordinal))
            {
                v = "0" + v;
            }

            v = v.Replace(".e", ".0e").Replace(".E", ".0E");
            if (v.EndsWith(".", StringComparison.Ordinal))
            {
                v += "0";
            }

            int exponent = v.IndexOfAny(new[] { 'e', 'E' });
            string mantissa = exponent < 0 ? v : v.Substring(0, exponent);
            string integerPart = mantissa.Split('.')[0].TrimStart('0');
            string rest = mantissa.Substring(mantissa.Split('.')[0].Length);
            v = (integerPart.Length == 0 ? "0" : integerPart) + rest + (exponent < 0 ? string.Empty : v.Substring(exponent));
            return (negative ? "-" : string.Empty) + v;
        }

        private void WriteString(string value)
        {
            _json.Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': _json.Append("\\\""); break;
                    case '\\': _json.Append("\\\\"); break;
                    case '\n': _json.Append("\\n"); break;
                    case '\r': _json.Append("\\r"); break;
                    case '\t': _json.Append("\\t"); break;
                    default:
                        if (c < 0x20)
                        {
                            _json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            _json.Append(c);
                        }

                        break;
                }
            }

            _json.Append('"');
        }
    }
}
