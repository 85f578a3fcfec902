using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using Microsoft.OpenApi;
using SliceClientGen.Diagnostics;
using SliceClientGen.Helpers;
using SliceClientGen.Model;
using SliceClientGen.Reading;

namespace SliceClientGen.Building;

/// <summary>
/// Turns the schemas of one OpenAPI document into <see cref="TypeModel"/>s: every component schema that is
/// an object or a string enum gets a named type, every inline object or enum gets a type named from its
/// parent and property unless it is a copy of a component (<see cref="ComponentCopies"/>: then it is the
/// component's type; identical inline ones then share one type, see <see cref="InlineCopies"/>), and everything
/// else (aliases, primitives, arrays, maps) is resolved to a <see cref="TypeRef"/> where it is used.
/// </summary>
internal sealed partial class SchemaModelBuilder
{
    private const string SchemasPointer = "/components/schemas";

    private readonly IDictionary<string, IOpenApiSchema> _components;
    private readonly SourceMap _map;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly TypeNameRegistry _names;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, TypeRef> _componentTypes = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> _resolvingAliases = new(System.StringComparer.Ordinal);
    private readonly TypeTable _types = new();
    private readonly Dictionary<string, TypeRef> _usages = new(System.StringComparer.Ordinal);

    // Inline schemas whose type is being built. Met again inside themselves (an inline allOf that includes its
    // enclosing component, whose properties include the inline schema), they refer to the type being built.
    private readonly Dictionary<IOpenApiSchema, TypeRef> _building = new(ReferenceComparer<IOpenApiSchema>.Instance);
    private readonly HashSet<string> _reported = new(System.StringComparer.Ordinal);

    // The components an inline object or enum may be a copy of (see ComponentCopies); none until the components are named.
    private ComponentCopies _copies = new(System.Array.Empty<(IOpenApiSchema, TypeRef)>());

    // The inline objects and enums built, which identical ones share one type of (see InlineCopies).
    private readonly InlineCopies _inlineCopies;

    public SchemaModelBuilder(OpenApiDocument document, SourceMap map, List<DiagnosticInfo> diagnostics, TypeNameRegistry names, CancellationToken cancellationToken)
    {
        // A component whose value is not a schema (a string, a number) is read as null: it is left out (Microsoft.OpenApi
        // reports the value, SCG0010) and references to it are unresolved (SCG0002).
        _components = (document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
            .Where(c => c.Value is not null)
            .ToDictionary(c => c.Key, c => c.Value, System.StringComparer.Ordinal);
        _map = map;
        _diagnostics = diagnostics;
        _names = names;
        _cancellationToken = cancellationToken;
        _inlineCopies = new InlineCopies(names);
    }

    /// <summary>Builds every component schema's type (and the inline types they contain).</summary>
    public IReadOnlyList<TypeModel> BuildComponents()
    {
        // Names first, all of them, so references resolve in any order and components win over inline names.
        var named = _components.Where(c => NeedsNamedType(c.Value)).Select(c => c.Key).ToList();
        foreach (KeyValuePair<string, string> entry in ComponentTypeNames(named))
        {
            string pointer = SchemaPointer(entry.Key);
            string name = _names.Claim(entry.Value, pointer, "The schema '" + entry.Key + "'");
            IOpenApiSchema schema = _components[entry.Key];
            _componentTypes[entry.Key] = IsStringEnum(schema) ? TypeRef.EnumOf(name) : TypeRef.ModelOf(name);
        }

        List<string> unions = ClaimComponentUnions();
        List<PolymorphicPlan> polymorphic = PlanPolymorphism(unions);
        _copies = new ComponentCopies(CopyTargets(named, polymorphic));

        _pendingComponents.UnionWith(named);
        _pendingComponents.UnionWith(unions);
        foreach (string key in named)
        {
            BuildComponent(key);
        }

        BuildComponentUnions(unions);
        BuildPolymorphism(polymorphic);
        BreakUnionCycles();
        ReportDeferredAmbiguities();
        return _types;
    }

    /// <summary>
    /// The components an inline schema may be typed as when it copies one (<see cref="ComponentCopies"/>), in document
    /// order: objects and string enums outside discriminated hierarchies.
    /// </summary>
    private IEnumerable<(IOpenApiSchema Schema, TypeRef Type)> CopyTargets(List<string> named, List<PolymorphicPlan> polymorphic)
    {
        var hierarchy = new HashSet<string>(polymorphic.SelectMany(p => p.Variants.Append(p.Key)), System.StringComparer.Ordinal);
        foreach (string key in named)
        {
            IOpenApiSchema schema = _components[key];
            TypeRef type = _componentTypes[key];
            if (type.Kind is TypeRefKind.Model or TypeRefKind.Enum && !hierarchy.Contains(key)
                && !DerivesFromDiscriminatedBase(schema) && InheritedDiscriminator(key) is null)
            {
                yield return (schema, type);
            }
        }
    }

    /// <summary>Every type built so far: components, their inline types and those of operations.</summary>
    public IReadOnlyList<TypeModel> Types => _types;

    /// <summary>The object or enum type named <paramref name="name"/>, if built.</summary>
    public TypeModel? FindType(string name) => _types.Find(name);

    /// <summary>
    /// The type of a schema used by an operation (parameter, body, response). Each pointer is resolved once,
    /// so a shared component parameter's inline enum becomes one type however many operations use it.
    /// </summary>
    public TypeRef ResolveUsage(IOpenApiSchema schema, string pointer, string nameHint)
    {
        if (!_usages.TryGetValue(pointer, out TypeRef? type))
        {
            type = Resolve(schema, pointer, nameHint);
            _usages[pointer] = type;
        }

        return type;
    }

    /// <summary>
    /// Short, readable names for component keys: the last dot-separated segment
    /// (<c>io.k8s.api.discovery.v1.EndpointSlice</c> → <c>EndpointSlice</c>), lengthened segment by segment
    /// only for keys whose short names would collide (<c>V1Status</c>, <c>V2Status</c>).
    /// </summary>
    internal static List<KeyValuePair<string, string>> ComponentTypeNames(IReadOnlyList<string> keys)
    {
        var segments = keys.ToDictionary(k => k, k => k.Split('.').Where(s => s.Length > 0).ToArray(), System.StringComparer.Ordinal);
        var depth = keys.ToDictionary(k => k, _ => 1, System.StringComparer.Ordinal);
        string NameOf(string key)
        {
            string[] parts = segments[key];
            if (parts.Length == 0)
            {
                return Identifiers.ToPascalCase(key, "Schema");
            }

            int take = System.Math.Min(depth[key], parts.Length);
            return string.Concat(parts.Skip(parts.Length - take).Select(p => Identifiers.ToPascalCase(p, string.Empty).TrimStart('@')));
        }

        for (int round = 0; round < 16; round++)
        {
            var clashes = keys.GroupBy(NameOf, System.StringComparer.Ordinal).Where(g => g.Count() > 1).SelectMany(g => g).ToList();
            bool lengthened = false;
            foreach (string key in clashes)
            {
                if (depth[key] < segments[key].Length)
                {
                    depth[key]++;
                    lengthened = true;
                }
            }

            if (!lengthened)
            {
                break;
            }
        }

        return keys.Select(k =>
        {
            string name = NameOf(k);
            return new KeyValuePair<string, string>(k, name.Length == 0 || !Identifiers.IsValidIdentifier(name) ? Identifiers.ToPascalCase(name, "Schema") : name);
        }).ToList();
    }

    private static string SchemaPointer(string key) => SourceMap.Append(SchemasPointer, key);

    private static JsonSchemaType? NonNullType(IOpenApiSchema schema) =>
        schema.Type is { } type ? type & ~JsonSchemaType.Null : null;

    private static bool AllowsNull(IOpenApiSchema schema) =>
        (schema.Type is { } type && (type & JsonSchemaType.Null) != 0) || HasNullAlternative(schema);

    private static bool IsStringEnum(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchemaReference || schema.Enum is not { Count: > 0 } values)
        {
            return false;
        }

        JsonSchemaType? type = NonNullType(schema);
        return (type is null || type == JsonSchemaType.String) && values.All(v => v is null || v is JsonValue value && value.TryGetValue(out string? _));
    }

    private static bool IsAllOfWrapper(IOpenApiSchema schema) =>
        schema.AllOf is { Count: 1 } && schema.Properties is not { Count: > 0 } && (NonNullType(schema) is null || NonNullType(schema) == JsonSchemaType.Object);

    /// <summary>Objects with properties, allOf compositions, free-form objects and string enums get a type of their own.</summary>
    private bool NeedsNamedType(IOpenApiSchema schema)
    {
        if (DerivesFromDiscriminatedBase(schema))
        {
            return true;
        }

        if (schema is OpenApiSchemaReference || IsAllOfWrapper(schema))
        {
            return false;
        }

        if (IsStringEnum(schema))
        {
            return true;
        }

        if (schema.Properties is { Count: > 0 } && FirstNonObjectAlternative(schema) is not null)
        {
            // Properties beside a non-object alternative: resolved where used, as a JsonElement with SCG0003.
            return false;
        }

        if (schema.Properties is { Count: > 0 } || schema.AllOf is { Count: > 1 })
        {
            return true;
        }

        // A named free-form object (Kubernetes' FieldsV1, RawExtension) is a model whose content is all
        // additional properties; an object that only declares additionalProperties is a map alias.
        return NonNullType(schema) == JsonSchemaType.Object && schema.AdditionalProperties is null && schema.OneOf is not { Count: > 0 } && schema.AnyOf is not { Count: > 0 };
    }

    /// <summary>The type of a property, item or value schema; inline objects and enums become types named <paramref name="nameHint"/>.</summary>
    private TypeRef Resolve(IOpenApiSchema schema, string pointer, string nameHint) =>
        schema is null or OpenApiSchemaReference ? ResolveSchema(schema!, pointer, nameHint) : Record(pointer, ResolveSchema(schema, pointer, nameHint));

    private TypeRef ResolveSchema(IOpenApiSchema schema, string pointer, string nameHint)
    {
        if (schema is null)
        {
            // A value that is not a schema (Microsoft.OpenApi reports it): any JSON value.
            return TypeRef.Any;
        }

        if (schema is OpenApiSchemaReference reference)
        {
            return ResolveReference(reference, pointer);
        }

        if (_building.TryGetValue(schema, out TypeRef? enclosing))
        {
            return enclosing;
        }

        if (IsAllOfWrapper(schema))
        {
            return Resolve(schema.AllOf![0], pointer + "/allOf/0", nameHint);
        }

        if (IsIntOrString(schema))
        {
            return TypeRef.IntOrString;
        }

        if (IsUnionSchema(schema))
        {
            return ResolveInlineUnion(schema, pointer, nameHint);
        }

        if (schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 })
        {
            string keyword = schema.OneOf is { Count: > 0 } ? "oneOf" : "anyOf";
            var alternatives = (schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf)!
                .Select((s, i) => (Schema: s, Index: i))
                .Where(a => a.Schema is OpenApiSchemaReference || a.Schema.Type != JsonSchemaType.Null)
                .ToList();
            if (schema.Properties is { Count: > 0 })
            {
                // Beside the schema's own properties: an object of its own and the alternatives' properties (built below),
                // unless an alternative is not an object.
                if (FirstNonObjectAlternative(schema) is { } other)
                {
                    return Unsupported(pointer, "'" + keyword + "' beside the schema's own properties with a non-object alternative (" + keyword + "/" + other.Index + " is " + other.Kind + ")",
                        "the value is kept as a JsonElement, since it may be that alternative or an object with the properties");
                }
            }
            else if (alternatives.Count == 1)
            {
                return Resolve(alternatives[0].Schema, pointer + "/" + keyword + "/" + alternatives[0].Index, nameHint);
            }
            else
            {
                return Unsupported(pointer, "'" + keyword + "' with " + alternatives.Count + " alternatives", "the value is kept as a JsonElement");
            }
        }

        if ((schema.Properties is { Count: > 0 } || schema.AllOf is { Count: > 1 } || IsStringEnum(schema)) && _copies.Find(schema) is { } component)
        {
            // A copy of a component object or enum is that component, not a type of its own.
            return component;
        }

        if (schema.Properties is { Count: > 0 } || schema.AllOf is { Count: > 1 })
        {
            TypeRef model = TypeRef.ModelOf(_names.Claim(Shorten(nameHint), pointer, "The inline schema"));
            _building.Add(schema, model);
            try
            {
                _types.Add(BuildObject(model.Name!, schema, pointer));
            }
            finally
            {
                _building.Remove(schema);
            }

            AddInlineCopyCandidate(schema, model.Name!, nameHint, pointer);
            return model;
        }

        if (IsStringEnum(schema))
        {
            string name = _names.Claim(Shorten(nameHint), pointer, "The inline enum");
            _types.Add(BuildEnum(name, schema, pointer));
            AddInlineCopyCandidate(schema, name, nameHint, pointer);
            return TypeRef.EnumOf(name);
        }

        JsonSchemaType? type = NonNullType(schema);
        switch (type)
        {
            case null:
                return schema.AdditionalProperties is { } anyValues
                    ? TypeRef.MapOf(Resolve(anyValues, pointer + "/additionalProperties", nameHint + "Value"))
                    : TypeRef.Any;
            case JsonSchemaType.String:
                return schema.Format switch
                {
                    "date-time" => TypeRef.DateTimeOffset,
                    _ => TypeRef.String,
                };
            case JsonSchemaType.Integer:
                return schema.Format == "int64" ? TypeRef.Int64 : TypeRef.Int32;
            case JsonSchemaType.Number:
                return TypeRef.Double;
            case JsonSchemaType.Boolean:
                return TypeRef.Boolean;
            case JsonSchemaType.Array:
                return schema.Items is { } items
                    ? TypeRef.ListOf(Resolve(items, pointer + "/items", Identifiers.Singularize(nameHint)))
                    : TypeRef.ListOf(TypeRef.Any);
            case JsonSchemaType.Object:
                return schema.AdditionalProperties is { } values
                    ? TypeRef.MapOf(Resolve(values, pointer + "/additionalProperties", nameHint + "Value"))
                    : TypeRef.Any;
            default:
                return Unsupported(pointer, "a 'type' listing several types (" + type + ")", "the value is kept as a JsonElement");
        }
    }

    /// <summary>An inline object or enum may share its type with identical ones (<see cref="InlineCopies"/>), unless it derives from a discriminated base.</summary>
    private void AddInlineCopyCandidate(IOpenApiSchema schema, string name, string nameHint, string pointer)
    {
        if (!DerivesFromDiscriminatedBase(schema))
        {
            _inlineCopies.Add(schema, name, nameHint, _map.Locate(pointer).Span.Start);
        }
    }

    /// <summary>
    /// Every type, with identical inline objects and enums sharing one type (<see cref="InlineCopies"/>), and
    /// <paramref name="client"/> referring to the shared types. Called once, after the operations are built.
    /// </summary>
    public (IReadOnlyList<TypeModel> Types, ClientModel Client) ShareInlineCopies(ClientModel client) => _inlineCopies.Share(_types, client);

    private TypeRef ResolveReference(OpenApiSchemaReference reference, string pointer)
    {
        string id = reference.Reference?.Id ?? string.Empty;
        bool intoSchema = TrySplitSchemaPointer(reference.Reference?.ReferenceV3, out _, out _);
        if (intoSchema && ResolvePointerReference(reference) is { } inside)
        {
            return inside;
        }

        if (intoSchema || reference.UnresolvedReference || reference.Target is null || !_components.ContainsKey(id))
        {
            string text = reference.Reference?.ReferenceV3 ?? "#/components/schemas/" + id;
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnresolvedReference, _map.Locate(pointer + "/$ref"), text, pointer + "/$ref"));
            return TypeRef.Any;
        }

        if (_componentTypes.TryGetValue(id, out TypeRef? known))
        {
            return known;
        }

        return ResolveAlias(id);
    }

    /// <summary>The type of an alias: a component that is a primitive, array, map or another reference (resolved once).</summary>
    private TypeRef ResolveAlias(string id)
    {
        if (_componentTypes.TryGetValue(id, out TypeRef? known))
        {
            return known;
        }

        if (!_resolvingAliases.Add(id))
        {
            return Unsupported(SchemaPointer(id), "a circular chain of $ref aliases", "the value is kept as a JsonElement");
        }

        try
        {
            string[] segments = id.Split('.');
            TypeRef resolved = Resolve(_components[id], SchemaPointer(id), Identifiers.ToPascalCase(segments[segments.Length - 1], "Schema"));
            _componentTypes[id] = resolved;
            return resolved;
        }
        finally
        {
            _resolvingAliases.Remove(id);
        }
    }

    private TypeRef Unsupported(string pointer, string what, string consequence)
    {
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, _map.Locate(pointer), what, pointer, consequence));
        return TypeRef.Any;
    }

    private TypeModel BuildEnum(string name, IOpenApiSchema schema, string pointer)
    {
        HashSet<string> taken = NameScope.ForEnumMembers(name);
        var members = new List<EnumMemberModel>();
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (JsonNode? node in schema.Enum!)
        {
            if (node is not JsonValue value || !value.TryGetValue(out string? text) || !seen.Add(text))
            {
                continue;
            }

            string member = Identifiers.ToPascalCase(text, "Empty");
            member = Identifiers.MakeUnique(taken.Contains(member) ? member + "Value" : member, taken);
            taken.Add(member);
            members.Add(new EnumMemberModel(text, member));
        }

        return new TypeModel(TypeModelKind.Enum, name, schema.Description, pointer, schema.Deprecated, default, members.ToEquatableArray());
    }

    private TypeModel BuildObject(string name, IOpenApiSchema schema, string pointer)
    {
        var collected = new List<(string JsonName, IOpenApiSchema Schema, string Pointer)>();
        var required = new HashSet<string>(System.StringComparer.Ordinal);
        CollectProperties(schema, pointer, collected, required);

        HashSet<string> taken = NameScope.ForModelProperties(name);
        HashSet<string> fields = NameScope.ForModelFields();
        var properties = new List<PropertyModel>();
        foreach ((string jsonName, IOpenApiSchema propertySchema, string propertyPointer) in collected)
        {
            string propertyName = ClaimPropertyName(jsonName, name, taken, propertyPointer, "property");
            string fieldName = Identifiers.MakeUnique("_" + Identifiers.ToCamelCase(propertyName), fields);
            fields.Add(fieldName);
            TypeRef type = Resolve(propertySchema, propertyPointer, name + Identifiers.ToPascalCase(jsonName).TrimStart('@', '_'));
            properties.Add(new PropertyModel(
                jsonName,
                propertyName,
                type,
                required.Contains(jsonName),
                AllowsNull(propertySchema),
                Describe(propertySchema),
                InitialValue(propertySchema, type),
                propertySchema.Deprecated,
                fieldName,
                HasUniqueValues(propertySchema)));
        }

        return new TypeModel(TypeModelKind.Object, name, schema.Description, pointer, schema.Deprecated, properties.ToEquatableArray(), default);
    }

    /// <summary>
    /// Own properties plus those of every allOf part (references followed), first declaration's position kept.
    /// Each referenced schema is collected once: a part that refers back to a schema being collected (a cycle
    /// through allOf) adds nothing and is reported (SCG0012); one reached again by another path is skipped.
    /// </summary>
    private void CollectProperties(IOpenApiSchema schema, string pointer, List<(string, IOpenApiSchema, string)> properties, HashSet<string> required)
    {
        var path = new List<(IOpenApiSchema, string)>();
        var collected = new HashSet<IOpenApiSchema>(ReferenceComparer<IOpenApiSchema>.Instance);
        if (schema is not OpenApiSchemaReference)
        {
            path.Add((schema, pointer));
            collected.Add(schema);
        }

        CollectProperties(schema, pointer, properties, required, path, collected);
    }

    private void CollectProperties(
        IOpenApiSchema schema,
        string pointer,
        List<(string, IOpenApiSchema, string)> properties,
        HashSet<string> required,
        List<(IOpenApiSchema Schema, string Pointer)> path,
        HashSet<IOpenApiSchema> collected)
    {
        if (schema is null)
        {
            return;
        }

        if (schema is OpenApiSchemaReference reference)
        {
            bool intoSchema = TrySplitSchemaPointer(reference.Reference?.ReferenceV3, out _, out _);
            IOpenApiSchema? target = intoSchema ? PointerTarget(reference) : reference.UnresolvedReference ? null : reference.Target;
            if (target is null)
            {
                ResolveReference(reference, pointer);
                return;
            }

            string targetPointer = !intoSchema && reference.Reference?.Id is { } id && _components.ContainsKey(id) ? SchemaPointer(id) : pointer + "/$ref";
            int cycle = path.FindIndex(p => ReferenceEquals(p.Schema, target));
            if (cycle >= 0)
            {
                string chain = string.Join(" -> ", path.Skip(cycle).Select(p => p.Pointer).Concat(new[] { targetPointer }));
                ReportOnce(DiagnosticDescriptors.SelfReference, pointer, "includes itself through allOf (" + chain + ")", "the cycle adds no properties, so each schema's properties are collected once");
                return;
            }

            if (!collected.Add(target))
            {
                return;
            }

            path.Add((target, targetPointer));
            CollectProperties(target, targetPointer, properties, required, path, collected);
            path.RemoveAt(path.Count - 1);
            return;
        }

        if (schema.AllOf is { } parts)
        {
            for (int i = 0; i < parts.Count; i++)
            {
                CollectProperties(parts[i], pointer + "/allOf/" + i, properties, required, path, collected);
            }
        }

        if (schema.Properties is { } own)
        {
            foreach (KeyValuePair<string, IOpenApiSchema> property in own)
            {
                string propertyPointer = SourceMap.Append(pointer + "/properties", property.Key);
                int existing = properties.FindIndex(p => p.Item1 == property.Key);
                if (existing >= 0)
                {
                    properties[existing] = (property.Key, property.Value, propertyPointer);
                }
                else
                {
                    properties.Add((property.Key, property.Value, propertyPointer));
                }
            }
        }

        if (schema.Required is { } names)
        {
            required.UnionWith(names);
        }

        if (schema.Properties is { Count: > 0 } && (schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 }))
        {
            CollectAlternativeProperties(schema, pointer, properties, path);
        }
    }

    /// <summary>Reports a diagnostic about the node at <paramref name="pointer"/> once, however many types reach it.</summary>
    private void ReportOnce(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string pointer, string what, string consequence)
    {
        if (_reported.Add(descriptor.Id + " " + pointer))
        {
            _diagnostics.Add(DiagnosticInfo.Create(descriptor, _map.Locate(pointer), pointer, what, consequence));
        }
    }

    /// <summary>Formats whose values never repeat, so looking them up among the strings already read is wasted.</summary>
    private static bool HasUniqueValues(IOpenApiSchema schema) =>
        (schema is OpenApiSchemaReference { Target: { } target } ? target.Format : schema.Format) is "uuid" or "byte" or "binary";

    private static string? Describe(IOpenApiSchema schema)
    {
        if (!string.IsNullOrWhiteSpace(schema.Description))
        {
            return schema.Description;
        }

        return schema is OpenApiSchemaReference { Target: { } target } ? target.Description : null;
    }

    /// <summary>
    /// The JSON text a new instance starts with: <c>const</c>, else a scalar <c>default</c>. Empty-string
    /// defaults are Go zero values in Kubernetes documents and carry no information, so they are skipped; so is a
    /// number no double holds (<c>1e400</c>).
    /// </summary>
    private static string? InitialValue(IOpenApiSchema schema, TypeRef type)
    {
        if (schema.Const is { } constant && type.Kind is TypeRefKind.String or TypeRefKind.Enum)
        {
            return JsonValue.Create(constant)!.ToJsonString();
        }

        if (schema.Default is not JsonValue value)
        {
            return null;
        }

        switch (type.Kind)
        {
            case TypeRefKind.String or TypeRefKind.Enum when value.TryGetValue(out string? text) && text.Length > 0:
            case TypeRefKind.Boolean when value.TryGetValue(out bool _):
            case TypeRefKind.Int32 when value.TryGetValue(out int _):
            case TypeRefKind.Int64 when value.TryGetValue(out long _):
            case TypeRefKind.Double when value.TryGetValue(out double number) && !double.IsInfinity(number) && !double.IsNaN(number):
                return value.ToJsonString();
            default:
                return null;
        }
    }

    /// <summary>
    /// The C# name of a member of <paramref name="owner"/> for <paramref name="jsonName"/>: PascalCase, clear of the
    /// model's reserved members, unique among <paramref name="taken"/> (SCG0004 when it had to change), and claimed.
    /// </summary>
    private string ClaimPropertyName(string jsonName, string owner, HashSet<string> taken, string pointer, string what)
    {
        string propertyName = Identifiers.ToPascalCase(jsonName);
        if (NameScope.IsReservedModelMember(propertyName, owner))
        {
            propertyName += "Value";
        }

        if (taken.Contains(propertyName))
        {
            string unique = Identifiers.MakeUnique(propertyName, taken);
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameCollision, _map.Locate(pointer), "The " + what + " '" + jsonName + "'", pointer, propertyName, "another " + what + " of '" + owner + "'", unique));
            propertyName = unique;
        }

        taken.Add(propertyName);
        return propertyName;
    }
}
