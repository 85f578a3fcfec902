using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace SliceClientGen.Building;

/// <summary>Turns OpenAPI names (schema keys, JSON property names, enum values, titles) into C# identifiers.</summary>
internal static class Identifiers
{
    /// <summary>
    /// PascalCase of <paramref name="name"/>: words split at anything that is not a letter or digit and at
    /// lower→upper changes; the first letter of each word is upper-cased, the rest kept (<c>IPv4</c> stays
    /// <c>IPv4</c>, <c>node-name</c> → <c>NodeName</c>, <c>x.y_z</c> → <c>XYZ</c>). A leading digit gets a
    /// <c>_</c>; an empty result is <paramref name="fallback"/>.
    /// </summary>
    public static string ToPascalCase(string name, string fallback = "Value")
    {
        var builder = new StringBuilder(name.Length);
        bool startOfWord = true;
        foreach (char c in name)
        {
            if (!IsIdentifierPart(c))
            {
                startOfWord = true;
                continue;
            }

            builder.Append(startOfWord ? char.ToUpperInvariant(c) : c);
            startOfWord = false;
        }

        if (builder.Length == 0)
        {
            return fallback;
        }

        if (!IsIdentifierStart(builder[0]))
        {
            builder.Insert(0, '_');
        }

        string result = builder.ToString();
        return SyntaxFacts.GetKeywordKind(result) != SyntaxKind.None ? "@" + result : result;
    }

    /// <summary>camelCase of a PascalCase identifier, for locals and parameters.</summary>
    public static string ToCamelCase(string pascal)
    {
        string trimmed = pascal.TrimStart('@');
        if (trimmed.Length == 0 || !char.IsUpper(trimmed[0]))
        {
            return trimmed;
        }

        return char.ToLowerInvariant(trimmed[0]) + trimmed.Substring(1);
    }

    /// <summary>A crude English singular for array item type names: <c>forZones</c> → <c>forZone</c>.</summary>
    public static string Singularize(string word)
    {
        if (word.EndsWith("ies", System.StringComparison.Ordinal) && word.Length > 3)
        {
            return word.Substring(0, word.Length - 3) + "y";
        }

        if (word.EndsWith("s", System.StringComparison.Ordinal) && !word.EndsWith("ss", System.StringComparison.Ordinal) && word.Length > 1)
        {
            return word.Substring(0, word.Length - 1);
        }

        return word + "Item";
    }

    public static bool IsValidIdentifier(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

    public static bool IsValidNamespace(string name)
    {
        foreach (string part in name.Split('.'))
        {
            if (!IsValidIdentifier(part))
            {
                return false;
            }
        }

        return name.Length > 0;
    }

    /// <summary>Appends 2, 3, … to <paramref name="name"/> until <paramref name="taken"/> does not contain it.</summary>
    public static string MakeUnique(string name, ISet<string> taken)
    {
        if (!taken.Contains(name))
        {
            return name;
        }

        for (int i = 2; ; i++)
        {
            string candidate = name + i.ToString(CultureInfo.InvariantCulture);
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    private static bool IsIdentifierStart(char c) => SyntaxFacts.IsIdentifierStartCharacter(c);

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || (c != '_' && SyntaxFacts.IsIdentifierPartCharacter(c) && !char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format);
}
