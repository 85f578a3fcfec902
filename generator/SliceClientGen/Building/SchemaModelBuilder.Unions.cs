using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using SliceClientGen.Diagnostics;
using SliceClientGen.Helpers;
using SliceClientGen.Model;
using SliceClientGen.Reading;

namespace SliceClientGen.Building;

/// <summary>
/// Unions: <c>oneOf</c>/<c>anyOf</c> with several alternatives (with or without a discriminator) and schemas
/// with several types become a generated union struct; <c>int-or-string</c> becomes the runtime's IntOrString.
/// Every decision about how a JSON value picks its case is made here and recorded in the <see cref="UnionModel"/>.
/// </summary>
internal sealed partial class SchemaModelBuilder
{
    /// <summary>Type names longer than this are shortened (with a hash of the full name) so huge documents stay far from the compiler's metadata name limit (CS7013).</summary>
    internal const int MaxTypeNameLength = 96;

    /// <summary>Unions built before every component union is (their cases' tokens are final then), explained after <see cref="BreakUnionCycles"/>.</summary>
    private readonly List<(string Name, string? Discriminator, bool ObjectsByName, string Pointer)> _ambiguitiesToReport = new();

    /// <summary>Whether every component union is built and its tokens final (unions built from now on are explained at once).</summary>
    private bool _unionsFinal;

    /// <summary>Case names a union's members are built from that would collide with its fixed members.</summary>
    private static readonly string[] ReservedCaseNames = { "Unknown", "Value", "Json" };

    /// <summary><c>format: int-or-string</c> or <c>x-kubernetes-int-or-string: true</c>.</summary>
    private static bool IsIntOrString(IOpenApiSchema schema) =>
        schema.Format == "int-or-string"
        || (schema.Extensions is { } extensions && extensions.TryGetValue("x-kubernetes-int-or-string", out IOpenApiExtension? extension)
            && extension is JsonNodeExtension { Node: JsonValue flag } && flag.TryGetValue(out bool on) && on);

    /// <summary>The alternatives of a oneOf/anyOf that are not <c>{type: null}</c>, with their index.</summary>
    private static List<(IOpenApiSchema Schema, int Index)> NonNullAlternatives(IOpenApiSchema schema, out string keyword)
    {
        keyword = schema.OneOf is { Count: > 0 } ? "oneOf" : "anyOf";
        IList<IOpenApiSchema> all = (schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf) ?? new List<IOpenApiSchema>();
        return all.Select((s, i) => (Schema: s, Index: i))
            .Where(a => a.Schema is OpenApiSchemaReference || a.Schema.Type != JsonSchemaType.Null)
            .ToList();
    }

    /// <summary>
    /// For a oneOf/anyOf beside the schema's own properties: the first alternative that cannot be an object (a
    /// primitive, array, string enum or union), with what it is; null when every alternative is an object.
    /// </summary>
    private static (int Index, string Kind)? FirstNonObjectAlternative(IOpenApiSchema schema)
    {
        foreach ((IOpenApiSchema alternative, int index) in NonNullAlternatives(schema, out _))
        {
            IOpenApiSchema? target = alternative is OpenApiSchemaReference reference ? reference.Target : alternative;
            if (target is null)
            {
                continue;
            }

            if (IsStringEnum(target))
            {
                return (index, "a string enum");
            }

            if (NonNullType(target) is { } type && type != JsonSchemaType.Object)
            {
                return (index, "of type " + type.ToString().ToLowerInvariant());
            }

            if (IsUnionSchema(target))
            {
                return (index, "a union");
            }
        }

        return null;
    }

    /// <summary>
    /// The properties the object alternatives of a oneOf/anyOf beside the schema's own properties add: each optional
    /// (an alternative's <c>required</c> holds only when the value is that alternative); a name the schema already
    /// declares keeps its declaration (alternatives that only narrow or require it add nothing); a name two
    /// alternatives declare differently is kept as a JsonElement (SCG0003), so no value of either fails to read.
    /// </summary>
    private void CollectAlternativeProperties(IOpenApiSchema schema, string pointer, List<(string, IOpenApiSchema, string)> properties, List<(IOpenApiSchema Schema, string Pointer)> path)
    {
        // A name's first declaration among the alternatives; null once reported as declared differently.
        var added = new Dictionary<string, IOpenApiSchema?>(System.StringComparer.Ordinal);
        foreach ((IOpenApiSchema alternative, int index) in NonNullAlternatives(schema, out string keyword))
        {
            var found = new List<(string, IOpenApiSchema, string)>();
            CollectProperties(alternative, pointer + "/" + keyword + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture), found, new HashSet<string>(System.StringComparer.Ordinal),
                path, new HashSet<IOpenApiSchema>(path.Select(p => p.Schema), ReferenceComparer<IOpenApiSchema>.Instance));
            foreach ((string name, IOpenApiSchema propertySchema, string propertyPointer) in found)
            {
                int existing = properties.FindIndex(p => p.Item1 == name);
                if (existing < 0)
                {
                    properties.Add((name, propertySchema, propertyPointer));
                    added[name] = propertySchema;
                }
                else if (added.TryGetValue(name, out IOpenApiSchema? first) && first is not null && !SameShape(first, propertySchema))
                {
                    Unsupported(propertyPointer, "the property '" + name + "' declared differently by two alternatives of '" + keyword + "'", "the property is kept as a JsonElement");
                    properties[existing] = (name, new OpenApiSchema(), properties[existing].Item3);
                    added[name] = null;
                }
            }
        }
    }

    /// <summary>Whether two property schemas read the same values: the same component, or the same primitive type and format (string enums alike).</summary>
    private static bool SameShape(IOpenApiSchema first, IOpenApiSchema second)
    {
        if (first is OpenApiSchemaReference || second is OpenApiSchemaReference)
        {
            return first is OpenApiSchemaReference a && second is OpenApiSchemaReference b && a.Reference?.Id == b.Reference?.Id;
        }

        if (IsStringEnum(first) && IsStringEnum(second))
        {
            return true;
        }

        static bool Simple(IOpenApiSchema s) => s.Properties is not { Count: > 0 } && s.Items is null && s.Enum is not { Count: > 0 }
            && s.OneOf is not { Count: > 0 } && s.AnyOf is not { Count: > 0 } && s.AllOf is not { Count: > 0 } && s.AdditionalProperties is null;
        return Simple(first) && Simple(second) && first.Type == second.Type && first.Format == second.Format;
    }

    /// <summary>Whether a oneOf/anyOf lists <c>{type: null}</c>: the value may be null (<c>X?</c>).</summary>
    private static bool HasNullAlternative(IOpenApiSchema schema) =>
        (schema.OneOf ?? schema.AnyOf) is { } all && all.Any(s => s is not OpenApiSchemaReference && s.Type == JsonSchemaType.Null);

    /// <summary>A schema that is a union on its own: several non-null alternatives, or several types (not int-or-string).</summary>
    private static bool IsUnionSchema(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchemaReference || IsIntOrString(schema))
        {
            return false;
        }

        if (schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 })
        {
            return NonNullAlternatives(schema, out _).Count > 1 && schema.Properties is not { Count: > 0 };
        }

        return NonNullType(schema) is { } type && CountTypes(type) > 1;
    }

    private static int CountTypes(JsonSchemaType type)
    {
        int count = 0;
        for (int bits = (int)type; bits != 0; bits &= bits - 1)
        {
            count++;
        }

        return count;
    }

    /// <summary>Claims the names of component unions up front, so references (also recursive ones) find them.</summary>
    private List<string> ClaimComponentUnions()
    {
        var keys = _components.Where(c => IsUnionSchema(c.Value) && !_componentTypes.ContainsKey(c.Key)).Select(c => c.Key).ToList();
        foreach (KeyValuePair<string, string> entry in ComponentTypeNames(keys))
        {
            string name = _names.Claim(Shorten(entry.Value), SchemaPointer(entry.Key), "The schema '" + entry.Key + "'");
            _componentTypes[entry.Key] = TypeRef.UnionOf(name);
        }

        return keys;
    }

    /// <summary>Builds the component unions claimed by <see cref="ClaimComponentUnions"/>.</summary>
    private void BuildComponentUnions(List<string> keys)
    {
        foreach (string key in keys)
        {
            BuildComponent(key);
        }
    }

    /// <summary>An inline union (a property's, an item's, an operation's schema): a type named from its place.</summary>
    private TypeRef ResolveInlineUnion(IOpenApiSchema schema, string pointer, string nameHint)
    {
        TypeRef union = TypeRef.UnionOf(_names.Claim(Shorten(nameHint), pointer, "The inline union"));
        _building.Add(schema, union);
        try
        {
            BuildUnion(union.Name!, schema, pointer);
        }
        finally
        {
            _building.Remove(schema);
        }

        return union;
    }

    /// <summary>
    /// A deterministic name of at most <see cref="MaxTypeNameLength"/> characters: long names (deeply nested inline
    /// schemas) keep their start and get an FNV-1a hash of the whole name, so two long names never collide by truncation.
    /// </summary>
    internal static string Shorten(string name)
    {
        if (name.Length <= MaxTypeNameLength)
        {
            return name;
        }

        uint hash = 2166136261;
        foreach (char c in name)
        {
            hash = (hash ^ c) * 16777619;
        }

        return name.Substring(0, MaxTypeNameLength - 9) + "_" + hash.ToString("X8", System.Globalization.CultureInfo.InvariantCulture);
    }

    private void BuildUnion(string name, IOpenApiSchema schema, string pointer)
    {
        // Added before the cases are resolved, so a recursive case sees the type; replaced once complete.
        int slot = _types.Count;
        _types.Add(new TypeModel(TypeModelKind.Union, name, schema.Description, pointer, schema.Deprecated, default, default,
            new UnionModel(null, EquatableArray<UnionCaseModel>.Empty, EquatableArray<string>.Empty)));

        var alternatives = new List<(TypeRef Type, IOpenApiSchema Schema, string Pointer)>();
        if (schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 })
        {
            int n = 0;
            foreach ((IOpenApiSchema alternative, int index) in NonNullAlternatives(schema, out string keyword))
            {
                string alternativePointer = pointer + "/" + keyword + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                string hint = alternative.Title is { Length: > 0 } title ? name + Identifiers.ToPascalCase(title, string.Empty).TrimStart('@') : name + "Option" + (++n).ToString(System.Globalization.CultureInfo.InvariantCulture);
                alternatives.Add((Resolve(alternative, alternativePointer, hint), alternative, alternativePointer));
            }
        }
        else
        {
            foreach (TypeRef type in TypesOf(schema, pointer, name))
            {
                alternatives.Add((type, schema, pointer));
            }
        }

        string? discriminator = schema.Discriminator?.PropertyName is { Length: > 0 } property ? property : null;
        var cases = new List<UnionCaseModel>();
        var caseNames = new HashSet<string>(System.StringComparer.Ordinal);
        var objectCases = new List<(int Case, HashSet<string> Declared, HashSet<string> Required)>();
        foreach ((TypeRef type, IOpenApiSchema alternative, string alternativePointer) in alternatives)
        {
            if (type.Kind == TypeRefKind.Union && type.Name == name)
            {
                ReportOnce(DiagnosticDescriptors.SelfReference, alternativePointer, "is the union '" + name + "' it is an alternative of",
                    "it allows no value the other alternatives do not, so it is left out");
                continue;
            }

            if (cases.Any(c => c.Type == type))
            {
                // Two alternatives with the same C# type (string with two formats): one case reads both.
                continue;
            }

            string caseName = CaseName(type);
            if (System.Array.IndexOf(ReservedCaseNames, caseName) >= 0)
            {
                caseName += "Case";
            }

            caseName = Identifiers.MakeUnique(caseName, caseNames);
            caseNames.Add(caseName);
            UnionTokens tokens = TokensOf(type);
            EquatableArray<string> values = discriminator is not null && (tokens & UnionTokens.Object) != 0
                ? DiscriminatorValues(schema, alternative).ToEquatableArray()
                : EquatableArray<string>.Empty;
            if ((tokens & UnionTokens.Object) != 0 && type.Kind == TypeRefKind.Model)
            {
                (HashSet<string> declared, HashSet<string> required) = PropertyNamesOf(alternative, alternativePointer);
                objectCases.Add((cases.Count, declared, required));
            }

            cases.Add(new UnionCaseModel(caseName, type, tokens, values, 0, 0, 0, Describe(alternative)));
        }

        EquatableArray<string> names = EquatableArray<string>.Empty;
        if (discriminator is null && objectCases.Count > 1)
        {
            names = ObjectCaseMasks(cases, objectCases, pointer, name);
        }

        if (_unionsFinal)
        {
            ReportAmbiguity(cases, discriminator, names.Count > 0, pointer, name);
        }
        else
        {
            // A case that is a component union built later reads every token kind until then: explained once all are final.
            _ambiguitiesToReport.Add((name, discriminator, names.Count > 0, pointer));
        }
        _types[slot] = new TypeModel(TypeModelKind.Union, name, schema.Description, pointer, schema.Deprecated, default, default,
            new UnionModel(discriminator, cases.ToEquatableArray(), names));
    }

    /// <summary>
    /// A union is a struct holding each case: unions that are cases of each other (<c>A: oneOf [B, integer]</c>,
    /// <c>B: oneOf [A, string]</c>) would contain themselves (CS0523). The case that closes such a cycle is left out
    /// (SCG0012); a value only that case would read is kept as the union's raw JSON. Cases that are unions get the
    /// tokens of their final union.
    /// </summary>
    private void BreakUnionCycles()
    {
        var unions = new Dictionary<string, int>(System.StringComparer.Ordinal);
        for (int i = 0; i < _types.Count; i++)
        {
            if (_types[i].Kind == TypeModelKind.Union)
            {
                unions[_types[i].Name] = i;
            }
        }

        var state = new Dictionary<string, bool>(System.StringComparer.Ordinal);
        foreach (string name in unions.Keys.OrderBy(n => n, System.StringComparer.Ordinal).ToList())
        {
            Visit(name, new List<string>());
        }

        // state: absent = not seen, false = on the current path, true = done.
        void Visit(string name, List<string> path)
        {
            if (state.ContainsKey(name))
            {
                return;
            }

            state[name] = false;
            path.Add(name);
            TypeModel union = _types[unions[name]];
            var kept = new List<UnionCaseModel>();
            foreach (UnionCaseModel @case in union.Union!.Cases)
            {
                if (@case.Type.Kind == TypeRefKind.Union && unions.ContainsKey(@case.Type.Name!))
                {
                    if (state.TryGetValue(@case.Type.Name!, out bool done) && !done)
                    {
                        string chain = string.Join(" -> ", path.Skip(path.IndexOf(@case.Type.Name!)).Concat(new[] { @case.Type.Name! }));
                        ReportOnce(DiagnosticDescriptors.SelfReference, union.SchemaPointer, "is a union that contains itself through its alternatives (" + chain + ")",
                            "the case " + @case.Name + " is left out of '" + name + "' (a struct cannot hold itself); a value only that case would read is kept as JSON (IsUnknown)");
                        continue;
                    }

                    Visit(@case.Type.Name!, path);

                    // A nested union's tokens were taken when it may not have been built yet (Any); now it is final.
                    UnionTokens tokens = TokensOf(@case.Type);
                    if (tokens != @case.Tokens)
                    {
                        kept.Add(@case with { Tokens = tokens });
                        continue;
                    }
                }

                kept.Add(@case);
            }

            if (!kept.SequenceEqual(union.Union.Cases))
            {
                _types[unions[name]] = union with { Union = union.Union with { Cases = kept.ToEquatableArray() } };
            }

            path.RemoveAt(path.Count - 1);
            state[name] = true;
        }
    }

    /// <summary>The C# types of a schema with several types (<c>type: [string, integer]</c>), in a fixed order.</summary>
    private IEnumerable<TypeRef> TypesOf(IOpenApiSchema schema, string pointer, string name)
    {
        JsonSchemaType type = NonNullType(schema)!.Value;
        if ((type & JsonSchemaType.Boolean) != 0)
        {
            yield return TypeRef.Boolean;
        }

        if ((type & JsonSchemaType.Integer) != 0)
        {
            yield return schema.Format == "int32" ? TypeRef.Int32 : TypeRef.Int64;
        }

        if ((type & JsonSchemaType.Number) != 0)
        {
            yield return TypeRef.Double;
        }

        if ((type & JsonSchemaType.String) != 0)
        {
            yield return schema.Format == "date-time" ? TypeRef.DateTimeOffset : TypeRef.String;
        }

        if ((type & JsonSchemaType.Array) != 0)
        {
            yield return schema.Items is { } items ? TypeRef.ListOf(Resolve(items, pointer + "/items", name + "Item")) : TypeRef.ListOf(TypeRef.Any);
        }

        if ((type & JsonSchemaType.Object) != 0)
        {
            if (schema.Properties is { Count: > 0 })
            {
                string objectName = _names.Claim(Shorten(name + "Object"), pointer, "The object form of the union");
                _types.Add(BuildObject(objectName, schema, pointer));
                yield return TypeRef.ModelOf(objectName);
            }
            else
            {
                yield return schema.AdditionalProperties is { } values
                    ? TypeRef.MapOf(Resolve(values, pointer + "/additionalProperties", name + "Value"))
                    : TypeRef.MapOf(TypeRef.Any);
            }
        }
    }

    /// <summary>The discriminator values that select an alternative: the mapping's, else (for a $ref) the component's name.</summary>
    private static IEnumerable<string> DiscriminatorValues(IOpenApiSchema union, IOpenApiSchema alternative) =>
        (alternative as OpenApiSchemaReference)?.Reference?.Id is { } id ? DiscriminatorValues(union, id) : Enumerable.Empty<string>();

    /// <summary>The property names an object alternative declares and requires (allOf parts included).</summary>
    private (HashSet<string> Declared, HashSet<string> Required) PropertyNamesOf(IOpenApiSchema schema, string pointer)
    {
        var collected = new List<(string, IOpenApiSchema, string)>();
        var required = new HashSet<string>(System.StringComparer.Ordinal);
        CollectProperties(schema, pointer, collected, required);
        var declared = new HashSet<string>(collected.Select(p => p.Item1), System.StringComparer.Ordinal);
        required.IntersectWith(declared);
        return (declared, required);
    }

    /// <summary>
    /// Assigns the property-name bits by which object cases are told apart: each case's required names, the names
    /// only it declares, and all it declares (at most 64 names; required and distinctive ones first).
    /// </summary>
    private EquatableArray<string> ObjectCaseMasks(List<UnionCaseModel> cases, List<(int Case, HashSet<string> Declared, HashSet<string> Required)> objectCases, string pointer, string name)
    {
        var distinctive = objectCases.ToDictionary(
            o => o.Case,
            o => new HashSet<string>(o.Declared.Where(p => objectCases.All(other => other.Case == o.Case || !other.Declared.Contains(p))), System.StringComparer.Ordinal));
        var names = new List<string>();
        IEnumerable<string> ordered = objectCases.SelectMany(o => o.Required)
            .Concat(objectCases.SelectMany(o => distinctive[o.Case]))
            .Concat(objectCases.SelectMany(o => o.Declared));
        foreach (string property in ordered)
        {
            if (names.Count < 64 && !names.Contains(property))
            {
                names.Add(property);
            }
        }

        ulong Mask(IEnumerable<string> properties) => properties.Select(p => names.IndexOf(p)).Where(i => i >= 0).Aggregate(0UL, (mask, i) => mask | (1UL << i));
        foreach ((int index, HashSet<string> declared, HashSet<string> required) in objectCases)
        {
            cases[index] = cases[index] with
            {
                RequiredMask = Mask(required),
                DistinctiveMask = Mask(distinctive[index]),
                DeclaredMask = Mask(declared),
            };
        }

        // Two object cases that require the same names and where one has nothing of its own cannot be told apart.
        for (int i = 0; i < objectCases.Count; i++)
        {
            for (int j = i + 1; j < objectCases.Count; j++)
            {
                UnionCaseModel first = cases[objectCases[i].Case];
                UnionCaseModel second = cases[objectCases[j].Case];
                if (second.DistinctiveMask == 0 && (first.RequiredMask & ~second.RequiredMask) == 0)
                {
                    Ambiguous(pointer, name, first.Name, second.Name,
                        "both are objects and " + second.Name + " has no property of its own nor a required property " + first.Name + " lacks",
                        "an object reads as the case whose required properties are all present and that has the most of its own properties present; on a tie the first listed");
                }
            }
        }

        return names.ToEquatableArray();
    }

    /// <summary>Explains the unions built before their cases' tokens were final (<see cref="_ambiguitiesToReport"/>), with the final cases.</summary>
    private void ReportDeferredAmbiguities()
    {
        _unionsFinal = true;
        foreach ((string name, string? discriminator, bool objectsByName, string pointer) in _ambiguitiesToReport)
        {
            if (FindType(name)?.Union is { } union)
            {
                ReportAmbiguity(union.Cases.ToList(), discriminator, objectsByName, pointer, name);
            }
        }

        _ambiguitiesToReport.Clear();
    }

    /// <summary>
    /// Explains, once per pair, the cases a JSON value of one token kind cannot tell apart. Objects are told apart by the
    /// discriminator or by the property names present (<paramref name="objectsByName"/>, reported by
    /// <see cref="ObjectCaseMasks"/>); otherwise, as every other token kind, the first case that reads an object wins.
    /// </summary>
    private void ReportAmbiguity(List<UnionCaseModel> cases, string? discriminator, bool objectsByName, string pointer, string name)
    {
        UnionTokens objectsInOrder = discriminator is null && !objectsByName ? UnionTokens.Object : UnionTokens.None;
        for (int i = 0; i < cases.Count; i++)
        {
            for (int j = i + 1; j < cases.Count; j++)
            {
                UnionTokens shared = cases[i].Tokens & cases[j].Tokens & ~UnionTokens.Integer & (objectsInOrder | ~UnionTokens.Object);
                if ((cases[i].Tokens & UnionTokens.Integer) != 0 && (cases[j].Tokens & UnionTokens.Integer) != 0
                    && cases[i].Type.Kind != TypeRefKind.Int32)
                {
                    shared |= UnionTokens.Integer;
                }

                if (shared != UnionTokens.None)
                {
                    Ambiguous(pointer, name, cases[i].Name, cases[j].Name,
                        "both read JSON " + Describe(shared),
                        "such a value reads as the first case that reads it without error, " + cases[i].Name);
                }
                else if (discriminator is not null && (cases[i].Tokens & cases[j].Tokens & UnionTokens.Object) != 0
                    && cases[i].DiscriminatorValues.Intersect(cases[j].DiscriminatorValues).FirstOrDefault() is { } value)
                {
                    Ambiguous(pointer, name, cases[i].Name, cases[j].Name, "both are selected by " + discriminator + " = '" + value + "'", "such an object reads as " + cases[i].Name);
                }
            }
        }

        if (discriminator is null && objectsByName)
        {
            ReportObjectCasesNotPickedByName(cases, pointer, name);
        }
    }

    /// <summary>
    /// Objects told apart by property names: a case that reads objects but has no property names to be picked by (a
    /// union, a map, a model without properties) is tried only after the cases picked by name; says which and what follows.
    /// </summary>
    private void ReportObjectCasesNotPickedByName(List<UnionCaseModel> cases, string pointer, string name)
    {
        var byName = cases.Where(c => (c.Tokens & UnionTokens.Object) != 0 && (c.DeclaredMask != 0 || c.RequiredMask != 0)).ToList();
        if (byName.Count == 0)
        {
            return;
        }

        UnionCaseModel first = byName.FirstOrDefault(c => c.RequiredMask == 0) ?? byName[0];
        foreach (UnionCaseModel other in cases.Where(c => (c.Tokens & UnionTokens.Object) != 0 && c.DeclaredMask == 0 && c.RequiredMask == 0))
        {
            string what = other.Type.Kind switch
            {
                TypeRefKind.Union => "is a union",
                TypeRefKind.Map => "is a map",
                TypeRefKind.Model => "declares no properties",
                _ => "reads any JSON",
            };
            Ambiguous(pointer, name, first.Name, other.Name,
                "both read JSON objects and " + other.Name + " " + what + ", so the property names present cannot pick it",
                first.RequiredMask == 0
                    ? "an object reads as the case its property names pick (" + first.Name + " requires none, so one always is), and as " + other.Name + " only when that case cannot read it"
                    : "an object reads as " + other.Name + " only when it lacks a required property of every case picked by property names, or the case picked cannot read it");
        }
    }

    private static string Describe(UnionTokens tokens) => string.Join(", ", new[]
    {
        (tokens & UnionTokens.String) != 0 ? "strings" : null,
        (tokens & UnionTokens.Integer) != 0 ? "integers" : null,
        (tokens & UnionTokens.Number) != 0 ? "numbers" : null,
        (tokens & UnionTokens.Boolean) != 0 ? "booleans" : null,
        (tokens & UnionTokens.Array) != 0 ? "arrays" : null,
        (tokens & UnionTokens.Object) != 0 ? "objects" : null,
    }.Where(t => t is not null));

    private void Ambiguous(string pointer, string union, string first, string second, string why, string decision) =>
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AmbiguousUnion, _map.Locate(pointer), union, pointer, first, second, why, decision));

    /// <summary>The token kinds a case reads.</summary>
    private UnionTokens TokensOf(TypeRef type) => type.Kind switch
    {
        TypeRefKind.String or TypeRefKind.DateTimeOffset or TypeRefKind.Enum => UnionTokens.String,
        TypeRefKind.Int32 or TypeRefKind.Int64 => UnionTokens.Integer,
        TypeRefKind.Double => UnionTokens.Integer | UnionTokens.Number,
        TypeRefKind.Boolean => UnionTokens.Boolean,
        TypeRefKind.Model or TypeRefKind.Map => UnionTokens.Object,
        TypeRefKind.List => UnionTokens.Array,
        TypeRefKind.IntOrString => UnionTokens.String | UnionTokens.Integer,
        TypeRefKind.Union => FindType(type.Name!)?.Union is { Cases.Count: > 0 } nested
            ? nested.Cases.Aggregate(UnionTokens.None, (all, c) => all | c.Tokens)
            : UnionTokens.Any,
        _ => UnionTokens.Any,
    };

    /// <summary>The name a case's members are built from: the type's name, or the kind's (<c>String</c>, <c>Int64</c>, <c>StringList</c>).</summary>
    private static string CaseName(TypeRef type) => type.Kind switch
    {
        TypeRefKind.Model or TypeRefKind.Enum or TypeRefKind.Union => type.Name!,
        TypeRefKind.Any => "Json",
        TypeRefKind.List => CaseName(type.Element!) + "List",
        TypeRefKind.Map => CaseName(type.Element!) + "Map",
        _ => type.Kind.ToString(),
    };
}
