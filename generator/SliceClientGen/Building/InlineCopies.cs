using System.Collections.Generic;
using System.Linq;
using Microsoft.OpenApi;
using SliceClientGen.Model;

namespace SliceClientGen.Building;

/// <summary>
/// Inline schemas that copy one another (and no component) share one generated type: GitHub's document writes the same
/// <c>[read, write]</c> permission level, <c>type</c> enum or small object out hundreds of times, and each copy used to
/// be a type of its own.
/// <para>
/// <b>Identical</b> means what it means for <see cref="ComponentCopies"/> (its comparison, with the top-level title,
/// example(s), externalDocs, <c>$comment</c> and null type left out; descriptions count). Only inline objects and
/// string enums take part, not unions nor types in a discriminated hierarchy; an inline copy of a component is already
/// the component's type and takes no part.
/// </para>
/// <para>
/// Every inline type is built first, each with the name it has always had; then each group of copies becomes its first
/// member: the first in document order inside a component schema, else the first in document order (its doc comment
/// points at that schema), and the others are dropped, with every reference
/// to them (from types and from the client) moved to it. Types only the dropped copies used (an inline union inside
/// them) are dropped too. The shared type's name is the longest common suffix, in whole PascalCase words, of the names
/// the members would have had (<c>ReposGetOwnerPermissions</c>, <c>IssuesListOwnerPermissions</c> →
/// <c>OwnerPermissions</c>), when it has at least two words and no type outside the group has it; otherwise the first
/// member's name. Groups are named in the order of their first members, so the names are deterministic.
/// </para>
/// </summary>
internal sealed class InlineCopies
{
    private readonly List<Member> _members = new();
    private readonly TypeNameRegistry _names;

    public InlineCopies(TypeNameRegistry names) => _names = names;

    /// <summary>
    /// Records the inline type <paramref name="name"/> built from <paramref name="schema"/>, which would have been named
    /// <paramref name="wouldBeName"/> (before shortening and before a clash gave it a suffix), found at character
    /// <paramref name="position"/> of the document.
    /// </summary>
    public void Add(IOpenApiSchema schema, string name, string wouldBeName, int position) =>
        _members.Add(new Member(schema, name, wouldBeName, position, _members.Count));

    /// <summary>
    /// <paramref name="types"/> and <paramref name="client"/> with each group of copies turned into one type, or both
    /// unchanged when there is no group.
    /// </summary>
    public (IReadOnlyList<TypeModel> Types, ClientModel Client) Share(IReadOnlyList<TypeModel> types, ClientModel client)
    {
        var byName = new Dictionary<string, TypeModel>(System.StringComparer.Ordinal);
        foreach (TypeModel type in types)
        {
            byName[type.Name] = type;
        }

        List<List<Member>> groups = Groups(byName);
        if (groups.Count == 0)
        {
            return (types, client);
        }

        var renamed = new Dictionary<string, string>(System.StringComparer.Ordinal);
        var dropped = new HashSet<string>(System.StringComparer.Ordinal);
        var keepers = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (List<Member> group in groups)
        {
            Member first = group[0];
            string shared = SharedName(group, byName[first.Name]);
            keepers[first.Name] = shared;
            foreach (Member member in group)
            {
                if (member.Name != shared)
                {
                    renamed[member.Name] = shared;
                    _names.WithdrawClash(member.Name);
                }

                if (!ReferenceEquals(member, first))
                {
                    dropped.Add(member.Name);
                }
            }
        }

        List<string> before = References(types, client);
        var rename = new TypeRenames(name => renamed.TryGetValue(name, out string? to) ? to : name);
        var result = new List<TypeModel>(types.Count - dropped.Count);
        foreach (TypeModel type in types)
        {
            if (!dropped.Contains(type.Name))
            {
                TypeModel rewritten = rename.ApplyToReferences(type);
                result.Add(keepers.TryGetValue(type.Name, out string? shared) ? rewritten with { Name = shared } : rewritten);
            }
        }

        ClientModel sharedClient = rename.Apply(client);
        return (DropOrphans(result, sharedClient, before), sharedClient);
    }

    /// <summary>The groups of two or more identical members whose types are plain objects or enums, each in document order, ordered by their first members.</summary>
    private List<List<Member>> Groups(Dictionary<string, TypeModel> byName)
    {
        var byOutline = new Dictionary<string, List<Member>>(System.StringComparer.Ordinal);
        foreach (Member member in _members.OrderBy(m => m.Position).ThenBy(m => m.Order))
        {
            if (!byName.TryGetValue(member.Name, out TypeModel? type) || type.BaseType is not null
                || type.Kind is not (TypeModelKind.Object or TypeModelKind.Enum))
            {
                continue;
            }

            string outline = ComponentCopies.Outline(member.Schema);
            if (!byOutline.TryGetValue(outline, out List<Member>? list))
            {
                list = new List<Member>();
                byOutline.Add(outline, list);
            }

            list.Add(member);
        }

        var groups = new List<List<Member>>();
        var contents = new Dictionary<IOpenApiSchema, string>(Helpers.ReferenceComparer<IOpenApiSchema>.Instance);
        foreach (List<Member> candidates in byOutline.Values.Where(l => l.Count > 1))
        {
            var byContent = new Dictionary<string, List<Member>>(System.StringComparer.Ordinal);
            foreach (Member member in candidates)
            {
                if (!contents.TryGetValue(member.Schema, out string? content))
                {
                    content = ComponentCopies.Serialize(member.Schema, asType: true);
                    contents.Add(member.Schema, content);
                }

                if (!byContent.TryGetValue(content, out List<Member>? group))
                {
                    group = new List<Member>();
                    byContent.Add(content, group);
                }

                group.Add(member);
            }

            // A copy inside a component schema comes before copies in operations and webhooks: the shared type is part
            // of the document's models (Pet's status enum is PetStatus, not GetPetsStatus because a query parameter of
            // the same values comes first in the file).
            groups.AddRange(byContent.Values.Where(g => g.Count > 1)
                .Select(g => g.OrderBy(m => IsInComponent(byName[m.Name]) ? 0 : 1).ToList()));
        }

        groups.Sort((a, b) => a[0].CompareTo(b[0]));
        return groups;
    }

    private static bool IsInComponent(TypeModel type) => type.SchemaPointer.StartsWith("/components/", System.StringComparison.Ordinal);

    /// <summary>
    /// The common suffix of the names the members would have had, in whole words, when it has two words or more, is a
    /// name no type outside the group has and clashes with no member of the type; otherwise the first member's name.
    /// </summary>
    private string SharedName(List<Member> group, TypeModel first)
    {
        string? suffix = CommonSuffix(group.Select(m => m.WouldBeName));
        if (suffix is null)
        {
            return first.Name;
        }

        string name = SchemaModelBuilder.Shorten(suffix);
        bool member = group.Any(m => string.Equals(m.Name, name, System.StringComparison.OrdinalIgnoreCase));
        if (!Identifiers.IsValidIdentifier(name) || (!member && _names.IsTaken(name)) || ClashesWithMembers(name, first))
        {
            return first.Name;
        }

        if (!member)
        {
            _names.Claim(name, first.SchemaPointer, "The shared inline schema");
        }

        return name;
    }

    /// <summary>Whether a type named <paramref name="name"/> would have a member of its own name (CS0542) or capture one its members use.</summary>
    private static bool ClashesWithMembers(string name, TypeModel type) =>
        type.Kind == TypeModelKind.Enum
            ? NameScope.ForEnumMembers(string.Empty).Contains(name) || type.EnumMembers.Any(m => m.Name == name)
            : NameScope.ForModelProperties(string.Empty).Contains(name) || type.Properties.Any(p => p.Name == name);

    /// <summary>The longest common suffix of <paramref name="names"/> in whole PascalCase words, or null if it has fewer than two.</summary>
    internal static string? CommonSuffix(IEnumerable<string> names)
    {
        List<string>? common = null;
        foreach (string name in names)
        {
            List<string> words = Words(name);
            if (common is null)
            {
                common = words;
                continue;
            }

            int same = 0;
            while (same < common.Count && same < words.Count && common[common.Count - 1 - same] == words[words.Count - 1 - same])
            {
                same++;
            }

            common.RemoveRange(0, common.Count - same);
            if (common.Count < 2)
            {
                return null;
            }
        }

        return common is { Count: >= 2 } ? string.Concat(common) : null;
    }

    /// <summary>
    /// The words of a PascalCase name: a word starts at an upper-case letter after a lower-case letter or digit, or at an
    /// upper-case letter before a lower-case one in a run of capitals (<c>IPv4Address</c> → <c>IPv4</c>, <c>Address</c>;
    /// <c>HTTPServer</c> → <c>HTTP</c>, <c>Server</c>); anything else (<c>_</c>, digits) stays in its word.
    /// </summary>
    internal static List<string> Words(string name)
    {
        var words = new List<string>();
        int start = 0;
        for (int i = 1; i < name.Length; i++)
        {
            char previous = name[i - 1];
            bool boundary = char.IsUpper(name[i])
                && (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (boundary)
            {
                words.Add(name.Substring(start, i - start));
                start = i;
            }
        }

        if (name.Length > start)
        {
            words.Add(name.Substring(start));
        }

        return words;
    }

    /// <summary>Every type name the types (other than themselves) and the client refer to, once per reference.</summary>
    private static List<string> References(IEnumerable<TypeModel> types, ClientModel client)
    {
        var names = new List<string>();
        string? self = null;
        var collect = new TypeRenames(name =>
        {
            if (name != self)
            {
                names.Add(name);
            }

            return name;
        });
        foreach (TypeModel type in types)
        {
            self = type.Name;
            collect.ApplyToReferences(type);
        }

        self = null;
        collect.Apply(client);
        return names;
    }

    /// <summary>
    /// <paramref name="types"/> without those that something referred to before the copies were shared
    /// (<paramref name="before"/>) and nothing refers to now: the types only dropped copies used. Types nothing ever
    /// referred to (components) stay.
    /// </summary>
    private static List<TypeModel> DropOrphans(List<TypeModel> types, ClientModel client, List<string> before)
    {
        var wasReferenced = new HashSet<string>(before, System.StringComparer.Ordinal);
        while (true)
        {
            var referenced = new HashSet<string>(References(types, client), System.StringComparer.Ordinal);
            int count = types.Count;
            types.RemoveAll(t => wasReferenced.Contains(t.Name) && !referenced.Contains(t.Name));
            if (types.Count == count)
            {
                return types;
            }
        }
    }

    /// <summary>One inline type and where its schema is.</summary>
    private sealed record Member(IOpenApiSchema Schema, string Name, string WouldBeName, int Position, int Order)
    {
        /// <summary>Document order: by position, then (several types from one place) by the order they were built.</summary>
        public int CompareTo(Member other) => Position != other.Position ? Position.CompareTo(other.Position) : Order.CompareTo(other.Order);
    }
}
