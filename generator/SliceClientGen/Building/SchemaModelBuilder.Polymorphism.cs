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
/// <item>by <c>allOf</c> inheritance: an object schema with a discriminator (its own, or one it inherits through
/// <c>allOf</c>), its variants the components whose <c>allOf</c> references it (and the mapping's targets). A variant
/// that has variants of its own is a base too, deriving from its base (<c>Animal</c> ← <c>Pet</c> ← <c>Cat</c>), or</item>
/// <item>by listed alternatives: a <c>oneOf</c>/<c>anyOf</c> with a discriminator whose alternatives all reference
/// component objects.</item>
/// </list>
/// Every base reads every variant below it directly (one probe of the discriminator), except below a base that
/// discriminates by another property, which it hands the object to. A value naming no variant below a base reads as
/// that base's unknown variant (the base's own object for the allOf form, which keeps every member).
/// A class derives from one base only: a variant already taken by an earlier base (document order) is not taken again;
/// a listed union that would need such a variant stays a union struct (which dispatches on the discriminator too).
/// </summary>
internal sealed partial class SchemaModelBuilder
{
    /// <summary>
    /// A planned base: its component key, discriminator property, direct variants' keys (some may be bases themselves),
    /// the base it derives from (allOf form) and whether it is the allOf form.
    /// </summary>
    private sealed record PolymorphicPlan(string Key, string Discriminator, List<string> Variants, string? Parent, bool Inherited);

    /// <summary>A base as built: its name, unknown variant, shared properties and the flattened variants its converter reads.</summary>
    private sealed record BuiltBase(string Name, string UnknownName, List<PropertyModel> Shared, HashSet<string> InheritedJsonNames);

    /// <summary>Whether a schema is the <c>allOf</c> of one discriminated component: a variant, named even without properties of its own.</summary>
    private bool DerivesFromDiscriminatedBase(IOpenApiSchema schema) =>
        schema is not OpenApiSchemaReference && schema.AllOf is { } parts
        && parts.Any(p => p is OpenApiSchemaReference { Reference.Id: { } id } && InheritedDiscriminator(id) is not null);

    /// <summary>
    /// The discriminator property of the allOf-form component <paramref name="key"/>: its own, else the first one an
    /// <c>allOf</c> reference inherits (OpenAPI: a discriminator applies to the schemas composing it); null for none, for
    /// a oneOf/anyOf (the listed form) and for a component that is not an object.
    /// </summary>
    private string? InheritedDiscriminator(string key, HashSet<string>? visiting = null)
    {
        if (!_components.TryGetValue(key, out IOpenApiSchema? schema) || schema is OpenApiSchemaReference
            || schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 })
        {
            return null;
        }

        if (schema.Discriminator?.PropertyName is { Length: > 0 } own)
        {
            return own;
        }

        visiting ??= new HashSet<string>(System.StringComparer.Ordinal);
        if (!visiting.Add(key))
        {
            return null;
        }

        foreach (IOpenApiSchema part in schema.AllOf ?? (IList<IOpenApiSchema>)System.Array.Empty<IOpenApiSchema>())
        {
            if (part is OpenApiSchemaReference { Reference.Id: { } id } && InheritedDiscriminator(id, visiting) is { } inherited)
            {
                return inherited;
            }
        }

        return null;
    }

    /// <summary>
    /// Decides which components become polymorphic bases (after every component's name is claimed, before any is built),
    /// parents before their variants. Listed unions that become bases leave <paramref name="unions"/> and are models from here on.
    /// </summary>
    private List<PolymorphicPlan> PlanPolymorphism(List<string> unions)
    {
        bool IsObject(string key) => _componentTypes.TryGetValue(key, out TypeRef? type) && type.Kind == TypeRefKind.Model;

        // allOf form: each object's parent is the first allOf reference that has (or inherits) a discriminator; a
        // component a discriminator's mapping lists without deriving from anything takes the mapping's owner as parent.
        var discriminated = _components.Keys.Where(k => IsObject(k) && InheritedDiscriminator(k) is not null).ToList();
        var candidates = new HashSet<string>(discriminated, System.StringComparer.Ordinal);
        var parents = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (KeyValuePair<string, IOpenApiSchema> component in _components)
        {
            if (!IsObject(component.Key) || component.Value is OpenApiSchemaReference || component.Value.AllOf is not { } parts)
            {
                continue;
            }

            if (parts.Select(p => (p as OpenApiSchemaReference)?.Reference?.Id).FirstOrDefault(id => id is not null && id != component.Key && candidates.Contains(id)) is { } parent
                && !IsAncestor(component.Key, parent, parents))
            {
                parents[component.Key] = parent;
            }
        }

        foreach (string key in discriminated)
        {
            IEnumerable<string> mapped = _components[key].Discriminator?.Mapping?.Values.Select(r => r?.Reference?.Id).OfType<string>() ?? Enumerable.Empty<string>();
            foreach (string target in mapped)
            {
                if (target != key && IsObject(target) && !parents.ContainsKey(target) && !candidates.Contains(target) && !IsAncestor(target, key, parents))
                {
                    parents[target] = key;
                }
            }
        }

        var plans = new List<PolymorphicPlan>();
        var taken = new HashSet<string>(parents.Keys, System.StringComparer.Ordinal);
        var baseSet = new HashSet<string>(parents.Values, System.StringComparer.Ordinal);
        void Plan(string key)
        {
            // The mapping's targets in its order, then the other variants in document order.
            IEnumerable<string> mapped = _components[key].Discriminator?.Mapping?.Values.Select(r => r?.Reference?.Id).OfType<string>() ?? Enumerable.Empty<string>();
            var variants = mapped.Concat(_components.Keys)
                .Where(k => parents.TryGetValue(k, out string? p) && p == key)
                .Distinct(System.StringComparer.Ordinal)
                .ToList();
            plans.Add(new PolymorphicPlan(key, InheritedDiscriminator(key)!, variants, parents.TryGetValue(key, out string? parent) ? parent : null, Inherited: true));
            foreach (string variant in variants.Where(baseSet.Contains))
            {
                Plan(variant);
            }
        }

        foreach (string root in discriminated.Where(k => baseSet.Contains(k) && !parents.ContainsKey(k)))
        {
            Plan(root);
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
            plans.Add(new PolymorphicPlan(key, discriminator, variants, null, Inherited: false));
        }

        return plans;
    }

    /// <summary>Whether <paramref name="key"/> is <paramref name="of"/> or one of its ancestors (a parent that would close a cycle).</summary>
    private static bool IsAncestor(string key, string of, Dictionary<string, string> parents)
    {
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        for (string? current = of; current is not null && seen.Add(current); current = parents.TryGetValue(current, out string? next) ? next : null)
        {
            if (current == key)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Builds the planned bases once every object is built (parents first): the abstract base, its unknown variant, and
    /// the variants marked as deriving from it. A base declares the properties all the objects below it share with the
    /// same type, less those its own base declares already.
    /// </summary>
    private void BuildPolymorphism(List<PolymorphicPlan> plans)
    {
        var byKey = plans.ToDictionary(p => p.Key, System.StringComparer.Ordinal);
        var built = new Dictionary<string, BuiltBase>(System.StringComparer.Ordinal);
        var objects = _types.Where(t => t.Kind == TypeModelKind.Object).GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First(), System.StringComparer.Ordinal);
        TypeModel? ObjectOf(string key) => objects.TryGetValue(_componentTypes[key].Name!, out TypeModel? model) ? model : null;

        // The objects a base's converter may produce: its variants' (recursively) and, for the allOf form, its own.
        IEnumerable<string> Members(PolymorphicPlan plan) => plan.Variants
            .SelectMany(v => byKey.TryGetValue(v, out PolymorphicPlan? inner) ? Members(inner) : new[] { v })
            .Concat(plan.Inherited ? new[] { plan.Key } : System.Array.Empty<string>());

        foreach (PolymorphicPlan plan in plans)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            BuiltBase? parent = plan.Parent is { } parentKey && built.TryGetValue(parentKey, out BuiltBase? p) ? p : null;
            List<TypeModel?> members = Members(plan).Select(ObjectOf).ToList();
            if (members.Any(m => m is null) || (plan.Parent is not null && parent is null))
            {
                continue;
            }

            string name = _componentTypes[plan.Key].Name!;
            string pointer = SchemaPointer(plan.Key);
            string unknownName = _names.Claim(Shorten("Unknown" + name), pointer, "The unknown variant of '" + plan.Key + "'");
            List<PropertyModel> shared = SharedProperties(members!, name);
            var inherited = new HashSet<string>(shared.Select(s => s.JsonName), System.StringComparer.Ordinal);
            if (parent is not null)
            {
                inherited.UnionWith(parent.InheritedJsonNames);
            }

            built[plan.Key] = new BuiltBase(name, unknownName, shared, inherited);
        }

        foreach (PolymorphicPlan plan in plans.Where(p => built.ContainsKey(p.Key)))
        {
            BuiltBase self = built[plan.Key];
            IOpenApiSchema schema = _components[plan.Key];
            string pointer = SchemaPointer(plan.Key);
            string description = "A " + self.Name + " whose " + plan.Discriminator + " names no variant this client knows (a newer server's), or has none: every member is kept and written back unchanged.";
            TypeModel unknown = plan.Inherited
                ? ObjectOf(plan.Key)! with { Name = self.UnknownName }
                : new TypeModel(TypeModelKind.Object, self.UnknownName, null, pointer, false,
                    self.Shared.Select(p => p with { InitialValue = null }).ToEquatableArray(), default);
            unknown = Derive(unknown, self.Name, self.InheritedJsonNames) with { Description = description };

            foreach (string variant in plan.Variants.Where(v => !built.ContainsKey(v)))
            {
                int slot = _types.FindIndex(t => t.Name == _componentTypes[variant].Name && t.Kind == TypeModelKind.Object);
                _types[slot] = Derive(_types[slot], self.Name, self.InheritedJsonNames);
            }

            HashSet<string>? declaredAbove = plan.Parent is { } parentKey ? built[parentKey].InheritedJsonNames : null;
            var properties = self.Shared.Select(p => declaredAbove?.Contains(p.JsonName) == true ? p with { Inherited = true } : p).ToEquatableArray();
            var polymorphic = new TypeModel(TypeModelKind.Polymorphic, self.Name, schema.Description, pointer, schema.Deprecated, properties, default,
                Polymorphism: new PolymorphismModel(plan.Discriminator, ReadVariants(plan, plan, byKey, built).ToEquatableArray(), self.UnknownName),
                BaseType: plan.Parent is { } baseKey ? built[baseKey].Name : null);
            int baseSlot = plan.Inherited ? _types.FindIndex(t => t.Name == self.Name && t.Kind == TypeModelKind.Object) : -1;
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
    /// The variants <paramref name="root"/>'s converter reads, below <paramref name="plan"/>: each variant object, and for
    /// a variant that is a base discriminating by the same property, its variants in its place followed by its unknown
    /// variant (which its own discriminator values select), so one probe finds any object below; a base discriminating
    /// by another property is read by its own converter.
    /// </summary>
    private IEnumerable<VariantModel> ReadVariants(PolymorphicPlan root, PolymorphicPlan plan, Dictionary<string, PolymorphicPlan> byKey, Dictionary<string, BuiltBase> built)
    {
        foreach (string variant in plan.Variants)
        {
            if (!byKey.TryGetValue(variant, out PolymorphicPlan? inner) || !built.ContainsKey(variant))
            {
                yield return new VariantModel(_componentTypes[variant].Name!, HierarchyDiscriminatorValues(root, variant, byKey).ToEquatableArray());
            }
            else if (inner.Discriminator != root.Discriminator)
            {
                yield return new VariantModel(built[variant].Name, HierarchyDiscriminatorValues(root, variant, byKey).ToEquatableArray());
            }
            else
            {
                foreach (VariantModel below in ReadVariants(root, inner, byKey, built))
                {
                    yield return below;
                }

                yield return new VariantModel(built[variant].UnknownName, HierarchyDiscriminatorValues(root, variant, byKey).ToEquatableArray());
            }
        }
    }

    /// <summary>
    /// The values of <paramref name="root"/>'s discriminator that select the component <paramref name="id"/>: every mapping
    /// entry naming it in the hierarchy's discriminators of that property (one value means one schema throughout a
    /// hierarchy, whichever level declares it), else its schema name.
    /// </summary>
    private IEnumerable<string> HierarchyDiscriminatorValues(PolymorphicPlan root, string id, Dictionary<string, PolymorphicPlan> byKey)
    {
        if (!root.Inherited)
        {
            return DiscriminatorValues(_components[root.Key], id);
        }

        string top = root.Key;
        while (byKey.TryGetValue(top, out PolymorphicPlan? plan) && plan.Parent is { } parent && byKey[parent].Discriminator == root.Discriminator)
        {
            top = parent;
        }

        var values = new List<string>();
        var queue = new Queue<string>(new[] { top });
        while (queue.Count > 0)
        {
            PolymorphicPlan plan = byKey[queue.Dequeue()];
            if (_components[plan.Key].Discriminator is { PropertyName: { } property, Mapping: { Count: > 0 } mapping } && property == root.Discriminator)
            {
                values.AddRange(mapping.Where(m => m.Value?.Reference?.Id == id && !values.Contains(m.Key)).Select(m => m.Key));
            }

            foreach (string variant in plan.Variants.Where(v => byKey.TryGetValue(v, out PolymorphicPlan? inner) && inner.Discriminator == root.Discriminator))
            {
                queue.Enqueue(variant);
            }
        }

        return values.Count > 0 ? values : new List<string> { id };
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

    /// <summary>A variant of <paramref name="baseName"/>: its properties the bases above it declare (by JSON name) override theirs.</summary>
    private static TypeModel Derive(TypeModel variant, string baseName, HashSet<string> names) =>
        variant with
        {
            BaseType = baseName,
            Properties = variant.Properties.Select(p => names.Contains(p.JsonName) ? p with { Inherited = true } : p).ToEquatableArray(),
        };

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
