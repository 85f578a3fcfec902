using System.Collections.Generic;
using System.Linq;
using Microsoft.OpenApi;
using SliceClientGen.Helpers;
using SliceClientGen.Model;
using SliceClientGen.Reading;

namespace SliceClientGen.Building;

/// <summary>
/// Discriminated polymorphism: a component with a <c>discriminator</c> whose variants are component objects becomes an
/// abstract base with the variants deriving from it, either
/// <list type="bullet">
/// <item>by <c>allOf</c> inheritance: an object schema with a discriminator, its variants the components whose
/// <c>allOf</c> references it (and the mapping's targets), or</item>
/// <item>by listed alternatives: a <c>oneOf</c>/<c>anyOf</c> with a discriminator whose alternatives all reference
/// component objects.</item>
/// </list>
/// A class derives from one base only: a variant already taken by an earlier base (document order) is not taken again;
/// a listed union that would need such a variant stays a union struct (which dispatches on the discriminator too).
/// </summary>
internal sealed partial class SchemaModelBuilder
{
    /// <summary>A planned base: its component key, the variants' keys, whether it is the allOf form.</summary>
    private sealed record PolymorphicPlan(string Key, string Discriminator, List<string> Variants, bool Inherited);

    /// <summary>Whether a schema is the <c>allOf</c> of one discriminated component: a variant, named even without properties of its own.</summary>
    private static bool DerivesFromDiscriminatedBase(IOpenApiSchema schema) =>
        schema is not OpenApiSchemaReference && schema.AllOf is { } parts
        && parts.Any(p => p is OpenApiSchemaReference { Target.Discriminator.PropertyName.Length: > 0 } reference && reference.Target.OneOf is not { Count: > 0 } && reference.Target.AnyOf is not { Count: > 0 });

    /// <summary>
    /// Decides which components become polymorphic bases (after every component's name is claimed, before any is built).
    /// Listed unions that become bases leave <paramref name="unions"/> and are models from here on.
    /// </summary>
    private List<PolymorphicPlan> PlanPolymorphism(List<string> unions)
    {
        var plans = new List<PolymorphicPlan>();
        var taken = new HashSet<string>(System.StringComparer.Ordinal);
        bool IsObject(string key) => _componentTypes.TryGetValue(key, out TypeRef? type) && type.Kind == TypeRefKind.Model;

        // allOf form: bases first (a base is never a variant, so hierarchies are one level deep).
        var bases = _components
            .Where(c => IsObject(c.Key) && c.Value.Discriminator?.PropertyName is { Length: > 0 } && c.Value.OneOf is not { Count: > 0 } && c.Value.AnyOf is not { Count: > 0 })
            .Select(c => c.Key)
            .ToList();
        var baseSet = new HashSet<string>(bases, System.StringComparer.Ordinal);
        foreach (string key in bases)
        {
            IOpenApiSchema schema = _components[key];
            IEnumerable<string> mapped = schema.Discriminator!.Mapping?.Values.Select(r => r?.Reference?.Id).OfType<string>() ?? Enumerable.Empty<string>();
            IEnumerable<string> deriving = _components
                .Where(c => c.Value is not OpenApiSchemaReference && c.Value.AllOf is { } parts && parts.Any(p => p is OpenApiSchemaReference r && r.Reference?.Id == key))
                .Select(c => c.Key);
            var variants = mapped.Concat(deriving)
                .Distinct(System.StringComparer.Ordinal)
                .Where(v => v != key && IsObject(v) && !baseSet.Contains(v) && !taken.Contains(v))
                .ToList();
            if (variants.Count > 0)
            {
                taken.UnionWith(variants);
                plans.Add(new PolymorphicPlan(key, schema.Discriminator.PropertyName!, variants, Inherited: true));
            }
        }

        // Listed form: every alternative a component object no other base has taken.
        foreach (string key in unions.ToList())
        {
            IOpenApiSchema schema = _components[key];
            if (schema.Discriminator?.PropertyName is not { Length: > 0 } discriminator)
            {
                continue;
            }

            var ids = NonNullAlternatives(schema, out _).Select(a => (a.Schema as OpenApiSchemaReference)?.Reference?.Id).ToList();
            if (ids.Any(id => id is null || !IsObject(id) || baseSet.Contains(id) || taken.Contains(id)) || ids.Distinct().Count() != ids.Count)
            {
                continue;
            }

            var variants = ids.Select(id => id!).ToList();
            taken.UnionWith(variants);
            unions.Remove(key);
            _componentTypes[key] = TypeRef.ModelOf(_componentTypes[key].Name!);
            plans.Add(new PolymorphicPlan(key, discriminator, variants, Inherited: false));
        }

        return plans;
    }

    /// <summary>
    /// Builds the planned bases once every object is built: the abstract base, its unknown variant, and the variants
    /// marked as deriving from it (the properties all of them share with the same type are declared by the base).
    /// </summary>
    private void BuildPolymorphism(List<PolymorphicPlan> plans)
    {
        foreach (PolymorphicPlan plan in plans)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            IOpenApiSchema schema = _components[plan.Key];
            string pointer = SchemaPointer(plan.Key);
            string name = _componentTypes[plan.Key].Name!;
            var variantSlots = plan.Variants.Select(v => _types.FindIndex(t => t.Name == _componentTypes[v].Name && t.Kind == TypeModelKind.Object)).ToList();
            if (variantSlots.Any(slot => slot < 0))
            {
                continue;
            }

            string unknownName = _names.Claim(Shorten("Unknown" + name), pointer, "The unknown variant of '" + plan.Key + "'");

            // allOf form: the base's own object (built as a model) is what an unknown value reads as; listed form: the shared properties.
            int baseSlot = plan.Inherited ? _types.FindIndex(t => t.Name == name && t.Kind == TypeModelKind.Object) : -1;
            List<TypeModel> members = variantSlots.Select(slot => _types[slot]).ToList();
            if (baseSlot >= 0)
            {
                members.Add(_types[baseSlot]);
            }

            List<PropertyModel> shared = SharedProperties(members, name);
            TypeModel unknown = baseSlot >= 0
                ? _types[baseSlot] with { Name = unknownName }
                : new TypeModel(TypeModelKind.Object, unknownName, null, pointer, false,
                    shared.Select(p => p with { InitialValue = null }).ToEquatableArray(), default);
            unknown = Derive(unknown, name, shared) with
            {
                Description = "A " + name + " whose " + plan.Discriminator + " names no variant this client knows (a newer server's), or has none: every member is kept and written back unchanged.",
            };

            foreach (int slot in variantSlots)
            {
                _types[slot] = Derive(_types[slot], name, shared);
            }

            var variants = plan.Variants.Select(v => new VariantModel(_componentTypes[v].Name!, DiscriminatorValues(schema, v).ToEquatableArray())).ToEquatableArray();
            var polymorphic = new TypeModel(TypeModelKind.Polymorphic, name, schema.Description, pointer, schema.Deprecated,
                shared.ToEquatableArray(), default, Polymorphism: new PolymorphismModel(plan.Discriminator, variants, unknownName));
            if (baseSlot >= 0)
            {
                _types[baseSlot] = polymorphic;
                _types.Insert(baseSlot + 1, unknown);
            }
            else
            {
                _types.Add(polymorphic);
                _types.Add(unknown);
            }
        }
    }

    /// <summary>
    /// The properties every member declares alike (JSON name, C# name, type, nullability, deprecation), in the first
    /// member's order; none named like the base (a member may not share its class's name).
    /// </summary>
    private static List<PropertyModel> SharedProperties(List<TypeModel> members, string baseName) =>
        members[0].Properties
            .Where(p => p.Name != baseName && members.Skip(1).All(m => m.Properties.Any(o =>
                o.JsonName == p.JsonName && o.Name == p.Name && o.Type == p.Type && o.NonNullable == p.NonNullable && o.Deprecated == p.Deprecated)))
            .ToList();

    /// <summary>A variant of <paramref name="baseName"/>: its shared properties override the base's.</summary>
    private static TypeModel Derive(TypeModel variant, string baseName, List<PropertyModel> shared)
    {
        var names = new HashSet<string>(shared.Select(p => p.JsonName), System.StringComparer.Ordinal);
        return variant with
        {
            BaseType = baseName,
            Properties = variant.Properties.Select(p => names.Contains(p.JsonName) ? p with { Inherited = true } : p).ToEquatableArray(),
        };
    }

    /// <summary>The discriminator values that select the component <paramref name="id"/>: the mapping's, else its schema name.</summary>
    private static IEnumerable<string> DiscriminatorValues(IOpenApiSchema withDiscriminator, string id)
    {
        var values = new List<string>();
        if (withDiscriminator.Discriminator?.Mapping is { Count: > 0 } mapping)
        {
            foreach (KeyValuePair<string, OpenApiSchemaReference> entry in mapping)
            {
                if (entry.Value?.Reference?.Id == id)
                {
                    values.Add(entry.Key);
                }
            }
        }

        if (values.Count == 0)
        {
            values.Add(id);
        }

        return values;
    }
}
