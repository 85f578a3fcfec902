using System.Collections.Generic;
using SliceClientGen.Diagnostics;
using SliceClientGen.Reading;

namespace SliceClientGen.Building;

/// <summary>
/// Hands out unique C# type names within one document's namespace. A name that is already taken gets a
/// numeric suffix and an SCG0004 warning naming both owners, so output is always valid and deterministic.
/// </summary>
internal sealed class TypeNameRegistry
{
    // Case-insensitive: each type becomes a source file whose hint name must be unique ignoring case (AddSource
    // throws otherwise and the whole output is lost), as it must be on case-insensitive file systems.
    private readonly Dictionary<string, string> _owners = new(System.StringComparer.OrdinalIgnoreCase);
    // Per taken name, the suffix to try next: every smaller suffix was taken when it was tried, and names are never
    // given back, so starting there finds the same name as counting from 2 (without rescanning a long run of Item2, Item3, …).
    private readonly Dictionary<string, int> _nextSuffix = new(System.StringComparer.OrdinalIgnoreCase);
    // The SCG0004 warning given for each name claimed instead of a taken one.
    private readonly Dictionary<string, DiagnosticInfo> _clashes = new(System.StringComparer.Ordinal);
    private readonly SourceMap _map;
    private readonly List<DiagnosticInfo> _diagnostics;

    public TypeNameRegistry(SourceMap map, List<DiagnosticInfo> diagnostics)
    {
        _map = map;
        _diagnostics = diagnostics;
    }

    /// <summary>Reserves a name that no schema may take (the client class, generated helper names).</summary>
    public void Reserve(string name, string owner) => _owners[name] = owner;

    /// <summary>Whether a type has <paramref name="name"/> (ignoring case) or it is reserved.</summary>
    public bool IsTaken(string name) => _owners.ContainsKey(name);

    /// <summary>Claims <paramref name="name"/> (or a suffixed variant) for the schema at <paramref name="pointer"/>.</summary>
    public string Claim(string name, string pointer, string what)
    {
        if (!_owners.TryGetValue(name, out string? owner))
        {
            _owners.Add(name, pointer);
            return name;
        }

        string unique = Unique(name);
        _owners.Add(unique, pointer);
        _clashes[unique] = DiagnosticInfo.Create(
            DiagnosticDescriptors.NameCollision,
            _map.Locate(pointer),
            what,
            pointer,
            name,
            owner.StartsWith("/", System.StringComparison.Ordinal) ? "the schema at " + owner : owner,
            unique);
        _diagnostics.Add(_clashes[unique]);
        return unique;
    }

    /// <summary>
    /// Takes back the SCG0004 warning given when <paramref name="name"/> was claimed instead of a taken name, if any: no
    /// type has that name any more (an inline copy sharing another's type), so the warning would name a type that is not generated.
    /// </summary>
    public void WithdrawClash(string name)
    {
        if (_clashes.TryGetValue(name, out DiagnosticInfo? clash))
        {
            _diagnostics.Remove(clash);
            _clashes.Remove(name);
        }
    }

    /// <summary><paramref name="name"/> with the smallest numeric suffix from 2 that no one owns (as <see cref="Identifiers.MakeUnique"/>).</summary>
    private string Unique(string name)
    {
        int suffix = _nextSuffix.TryGetValue(name, out int next) ? next : 2;
        string candidate;
        while (_owners.ContainsKey(candidate = name + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            suffix++;
        }

        _nextSuffix[name] = suffix + 1;
        return candidate;
    }
}
