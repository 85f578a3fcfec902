using System;
using System.Collections.Generic;

namespace SliceClientGen.Testing.Protocol;

/// <summary>
/// A parsed <c>labelSelector</c>: comma-separated requirements, all of which must hold — <c>k=v</c>, <c>k==v</c>,
/// <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c> (exists) and <c>!k</c> (does not exist).
/// </summary>
internal sealed class LabelSelector
{
    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new(Array.Empty<Requirement>());

    public bool IsEverything => _requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (Requirement requirement in _requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <exception cref="StatusError">400 BadRequest naming the position and what was expected.</exception>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var parser = new Parser(text);
        return new LabelSelector(parser.ParseAll());
    }

    private enum Operator
    {
        Equals,
        NotEquals,
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private sealed record Requirement(string Key, Operator Op, IReadOnlyList<string> Values)
    {
        public bool Matches(IReadOnlyDictionary<string, string> labels)
        {
            bool has = labels.TryGetValue(Key, out string? value);
            return Op switch
            {
                Operator.Exists => has,
                Operator.DoesNotExist => !has,
                Operator.Equals or Operator.In => has && Contains(Values, value!),
                _ => !has || !Contains(Values, value!),
            };
        }

        private static bool Contains(IReadOnlyList<string> values, string value)
        {
            foreach (string candidate in values)
            {
                if (string.Equals(candidate, value, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private ref struct Parser
    {
        private readonly string _text;
        private int _position;

        public Parser(string text)
        {
            _text = text;
            _position = 0;
        }

        public List<Requirement> ParseAll()
        {
            var requirements = new List<Requirement>();
            while (true)
            {
                requirements.Add(ParseRequirement());
                SkipSpaces();
                if (_position == _text.Length)
                {
                    return requirements;
                }

                Expect(',');
            }
        }

        private Requirement ParseRequirement()
        {
            SkipSpaces();
            if (Peek() == '!')
            {
                _position++;
                SkipSpaces();
                return new Requirement(ParseKey(), Operator.DoesNotExist, Array.Empty<string>());
            }

            string key = ParseKey();
            SkipSpaces();
            if (_position == _text.Length || Peek() == ',')
            {
                return new Requirement(key, Operator.Exists, Array.Empty<string>());
            }

            if (Match("==") || Match("="))
            {
                return new Requirement(key, Operator.Equals, new[] { ParseValue() });
            }

            if (Match("!="))
            {
                return new Requirement(key, Operator.NotEquals, new[] { ParseValue() });
            }

            if (MatchWord("notin"))
            {
                return new Requirement(key, Operator.NotIn, ParseSet());
            }

            if (MatchWord("in"))
            {
                return new Requirement(key, Operator.In, ParseSet());
            }

            throw Error("expected one of '=', '==', '!=', 'in', 'notin', ',' or the end after the key \"" + key + "\"");
        }

        private string ParseKey()
        {
            int start = _position;
            while (_position < _text.Length && IsNameChar(_text[_position]))
            {
                _position++;
            }

            if (start == _position)
            {
                throw Error("expected a label key");
            }

            string key = _text[start.._position];
            int slash = key.IndexOf('/');
            string name = slash < 0 ? key : key[(slash + 1)..];
            if (name.Length is 0 or > 63 || (slash >= 0 && (slash == 0 || slash > 253)))
            {
                throw StatusError.BadRequest($"unable to parse requirement: invalid label key \"{key}\": a qualified name must be at most 63 characters, with an optional DNS prefix and '/'");
            }

            return key;
        }

        private string ParseValue()
        {
            SkipSpaces();
            int start = _position;
            while (_position < _text.Length && IsNameChar(_text[_position]) && _text[_position] != '/')
            {
                _position++;
            }

            string value = _text[start.._position];
            if (value.Length > 63)
            {
                throw StatusError.BadRequest($"unable to parse requirement: invalid label value \"{value}\": must be no more than 63 characters");
            }

            return value;
        }

        private List<string> ParseSet()
        {
            SkipSpaces();
            Expect('(');
            var values = new List<string>();
            while (true)
            {
                values.Add(ParseValue());
                SkipSpaces();
                if (Peek() == ')')
                {
                    _position++;
                    return values;
                }

                Expect(',');
            }
        }

        private bool Match(string token)
        {
            if (string.CompareOrdinal(_text, _position, token, 0, token.Length) == 0)
            {
                _position += token.Length;
                return true;
            }

            return false;
        }

        private bool MatchWord(string word)
        {
            int end = _position + word.Length;
            if (end <= _text.Length && string.CompareOrdinal(_text, _position, word, 0, word.Length) == 0 &&
                (end == _text.Length || _text[end] is ' ' or '('))
            {
                _position = end;
                return true;
            }

            return false;
        }

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Error($"expected '{c}'");
            }

            _position++;
        }

        private readonly char Peek() => _position < _text.Length ? _text[_position] : '\0';

        private void SkipSpaces()
        {
            while (_position < _text.Length && _text[_position] == ' ')
            {
                _position++;
            }
        }

        private readonly StatusError Error(string what)
        {
            string found = _position < _text.Length ? $"'{_text[_position]}'" : "the end";
            return StatusError.BadRequest($"unable to parse requirement: {what} at position {_position} of \"{_text}\", found {found}");
        }

        private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/';
    }
}
