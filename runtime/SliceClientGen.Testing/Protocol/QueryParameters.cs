using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace SliceClientGen.Testing.Protocol;

/// <summary>
/// Reads query parameters as the API server's parameter codec converts them (k8s.io/apimachinery runtime conversion of
/// <c>[]string</c> query values): the first value of a repeated parameter wins; a boolean is false only for <c>0</c>
/// or <c>false</c> in any case and true for any other value, the empty one included; integers are base-10 with an
/// optional sign (Go's <c>strconv.ParseInt</c>), anything else a 400 naming the parameter; list-valued parameters
/// (<c>dryRun</c>) keep every value.
/// </summary>
internal readonly struct QueryParameters
{
    private readonly IQueryCollection _query;

    public QueryParameters(IQueryCollection query) => _query = query;

    /// <summary>Whether the parameter was sent at all (even empty).</summary>
    public bool Has(string name) => _query.ContainsKey(name);

    /// <summary>The first value, or <see langword="null"/> when the parameter was not sent.</summary>
    public string? String(string name) => _query.TryGetValue(name, out StringValues values) && values.Count > 0 ? values[0] ?? string.Empty : null;

    /// <summary>The first value, or empty.</summary>
    public string StringOrEmpty(string name) => String(name) ?? string.Empty;

    /// <summary>Every value, in the order sent.</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        if (!_query.TryGetValue(name, out StringValues values))
        {
            return Array.Empty<string>();
        }

        var list = new List<string>(values.Count);
        foreach (string? value in values)
        {
            list.Add(value ?? string.Empty);
        }

        return list;
    }

    /// <summary>A boolean as the API server reads one, or <see langword="null"/> when not sent.</summary>
    public bool? Boolean(string name) => String(name) is { } text ? ParseBoolean(text) : null;

    /// <summary>A boolean, false when not sent.</summary>
    public bool Flag(string name) => Boolean(name) ?? false;

    /// <summary>A 64-bit integer, or <see langword="null"/> when not sent; 400 when it is not one.</summary>
    public long? Int64(string name)
    {
        if (String(name) is not { } text)
        {
            return null;
        }

        if (!IsSignedDecimal(text))
        {
            throw Unparsable(name, text, "invalid syntax");
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw Unparsable(name, text, "value out of range");
    }

    /// <summary><c>0</c> and <c>false</c> (any case) are false; every other value, the empty one included, is true.</summary>
    public static bool ParseBoolean(string text) => !(text == "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase));

    private static bool IsSignedDecimal(string text)
    {
        int start = text.Length > 0 && text[0] is '+' or '-' ? 1 : 0;
        if (start == text.Length)
        {
            return false;
        }

        for (int i = start; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static StatusError Unparsable(string name, string text, string problem) =>
        StatusError.BadRequest($"query parameter \"{name}\": strconv.ParseInt: parsing \"{text}\": {problem}");
}
