using System;
using System.Collections.Generic;
using SliceClientGen.Testing.Storage;

namespace SliceClientGen.Testing.Protocol;

/// <summary>
/// A parsed <c>fieldSelector</c>: comma-separated <c>field=value</c>, <c>field==value</c> or <c>field!=value</c> on
/// <c>metadata.name</c> and <c>metadata.namespace</c> (the fields every resource supports).
/// </summary>
internal sealed class FieldSelector
{
    private readonly IReadOnlyList<(bool IsName, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(bool, bool, string)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new(Array.Empty<(bool, bool, string)>());

    public bool IsEverything => _terms.Count == 0;

    /// <summary>The name an equality term pins, so a get can replace a scan.</summary>
    public string? ExactName
    {
        get
        {
            foreach (var (isName, equal, value) in _terms)
            {
                if (isName && equal)
                {
                    return value;
                }
            }

            return null;
        }
    }

    public bool Matches(StoredObject obj)
    {
        foreach (var (isName, equal, value) in _terms)
        {
            string actual = isName ? obj.Name : obj.Namespace ?? string.Empty;
            if (string.Equals(actual, value, StringComparison.Ordinal) != equal)
            {
                return false;
            }
        }

        return true;
    }

    /// <exception cref="StatusError">400 BadRequest for syntax errors and unsupported fields.</exception>
    public static FieldSelector Parse(string? text, ApiResource resource)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(bool, bool, string)>();
        foreach (string part in text.Split(','))
        {
            string term = part.Trim();
            int op = term.IndexOf("!=", StringComparison.Ordinal);
            bool equal = op < 0;
            int valueStart = op + 2;
            if (equal)
            {
                op = term.IndexOf('=');
                valueStart = op >= 0 && op + 1 < term.Length && term[op + 1] == '=' ? op + 2 : op + 1;
            }

            if (op <= 0)
            {
                throw StatusError.BadRequest($"invalid field selector \"{text}\": \"{term}\" is not field=value, field==value or field!=value");
            }

            string field = term[..op].Trim();
            string value = term[valueStart..].Trim();
            bool isName = field switch
            {
                "metadata.name" => true,
                "metadata.namespace" => false,
                _ => throw StatusError.BadRequest($"field label not supported: {field} (\"{resource.Kind}\" supports metadata.name and metadata.namespace)"),
            };
            terms.Add((isName, equal, value));
        }

        return new FieldSelector(terms);
    }
}
