using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SliceClientGen.Reading;

/// <summary>
/// A YAML event stream in which every mapping or sequence nested deeper than <see cref="MaxDepth"/> is replaced by
/// one <see cref="IsPlaceholder">placeholder</see> scalar at its place. YamlDotNet's parser reads events without
/// recursion, but the node tree it builds from them recurses once per level (a few thousand levels overflow the
/// compiler's stack and kill it): cut here, the tree stays shallow whatever the document, and the converter says
/// what was cut (<see cref="YamlToJsonConverter"/>).
/// </summary>
internal sealed class DepthLimitingParser : IParser
{
    /// <summary>The tag of a placeholder; '!' tags are local to the document, so no YAML schema resolves it.</summary>
    private const string PlaceholderTag = "!sliceclientgen-too-deep";

    private readonly IParser _inner;
    private readonly int _maxDepth;
    private int _depth;
    private ParsingEvent? _current;

    public DepthLimitingParser(IParser inner, int maxDepth)
    {
        _inner = inner;
        _maxDepth = maxDepth;
    }

    /// <summary>Collections deeper than this (the root is at depth 0) become placeholders.</summary>
    public int MaxDepth => _maxDepth;

    public ParsingEvent? Current => _current;

    /// <summary>Whether <paramref name="node"/> stands for a collection that nested too deep.</summary>
    public static bool IsPlaceholder(YamlDotNet.RepresentationModel.YamlNode node) =>
        node is YamlDotNet.RepresentationModel.YamlScalarNode scalar && !scalar.Tag.IsEmpty && scalar.Tag.Value == PlaceholderTag;

    public bool MoveNext()
    {
        if (!_inner.MoveNext())
        {
            _current = null;
            return false;
        }

        ParsingEvent next = _inner.Current!;
        switch (next)
        {
            case MappingStart or SequenceStart when _depth > _maxDepth:
                _current = Placeholder((NodeEvent)next);
                return true;
            case MappingStart or SequenceStart:
                _depth++;
                break;
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }

        _current = next;
        return true;
    }

    /// <summary>Skips the collection <paramref name="start"/> opens (its events only, no recursion) and stands one scalar in its place, keeping its anchor.</summary>
    private ParsingEvent Placeholder(NodeEvent start)
    {
        int open = 1;
        Mark end = start.End;
        while (open > 0 && _inner.MoveNext())
        {
            switch (_inner.Current)
            {
                case MappingStart or SequenceStart:
                    open++;
                    break;
                case MappingEnd or SequenceEnd:
                    open--;
                    end = _inner.Current.End;
                    break;
            }
        }

        return new Scalar(start.Anchor, new TagName(PlaceholderTag), string.Empty, ScalarStyle.Plain, false, false, start.Start, end);
    }
}
