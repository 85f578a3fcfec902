using System.Collections.Generic;
using Microsoft.OpenApi;
using SliceClientGen.Model;
using SliceClientGen.Reading;

namespace SliceClientGen.Building;

/// <summary>
/// <c>$ref</c>s into a component schema (<c>#/components/schemas/A/properties/x</c>, <c>…/items</c>,
/// <c>…/allOf/1/properties/a~1b</c>): legal JSON pointers that Microsoft.OpenApi resolves only partly (not through
/// <c>~0</c>/<c>~1</c> escapes, nor through <c>items</c>). The pointer is walked here, and it resolves to the type
/// the schema at that place has where it is declared: its component is built first, so an inline object there is
/// the one type both use, not a copy.
/// </summary>
internal sealed partial class SchemaModelBuilder
{
    private const string SchemasPrefix = "#/components/schemas/";

    /// <summary>The type each schema got at its place (first resolution wins), for references into it.</summary>
    private readonly Dictionary<string, TypeRef> _resolvedAt = new(System.StringComparer.Ordinal);

    /// <summary>
    /// Components whose type <see cref="BuildComponents"/> builds and has not started yet: a reference into one builds it
    /// first (once); a component built some other way (a polymorphic base) is not listed.
    /// </summary>
    private readonly HashSet<string> _pendingComponents = new(System.StringComparer.Ordinal);

    /// <summary>Pointer references being resolved: a reference that leads back to itself is a cycle, not a recursion.</summary>
    private readonly HashSet<string> _resolvingPointers = new(System.StringComparer.Ordinal);

    /// <summary>
    /// Splits <c>#/components/schemas/KEY/seg/…</c> into the component key and the (unescaped) segments after it;
    /// false for any other reference, and for a plain component reference (no segment after the key).
    /// </summary>
    internal static bool TrySplitSchemaPointer(string? reference, out string key, out List<string> segments)
    {
        key = string.Empty;
        segments = new List<string>();
        if (reference is null || !reference.StartsWith(SchemasPrefix, System.StringComparison.Ordinal))
        {
            return false;
        }

        string[] parts = reference.Substring(SchemasPrefix.Length).Split('/');
        if (parts.Length < 2)
        {
            return false;
        }

        key = Unescape(parts[0]);
        for (int i = 1; i < parts.Length; i++)
        {
            segments.Add(Unescape(parts[i]));
        }

        return true;
    }

    /// <summary>A JSON pointer segment in a URI fragment: percent-decoded, then <c>~1</c> → <c>/</c> and <c>~0</c> → <c>~</c>.</summary>
    private static string Unescape(string segment)
    {
        try
        {
            segment = System.Uri.UnescapeDataString(segment);
        }
        catch (System.UriFormatException)
        {
        }

        return segment.Replace("~1", "/").Replace("~0", "~");
    }

    /// <summary>Records the type a schema got at <paramref name="pointer"/> (the first time only).</summary>
    private TypeRef Record(string pointer, TypeRef type)
    {
        if (!_resolvedAt.ContainsKey(pointer))
        {
            _resolvedAt.Add(pointer, type);
        }

        return type;
    }

    /// <summary>
    /// The type of a reference into a component schema, or null when <paramref name="reference"/> is no such
    /// reference or its pointer leads nowhere (then it is reported as unresolved).
    /// </summary>
    private TypeRef? ResolvePointerReference(OpenApiSchemaReference reference)
    {
        string? text = reference.Reference?.ReferenceV3;
        if (!TrySplitSchemaPointer(text, out string key, out List<string> segments) || !_components.ContainsKey(key))
        {
            return null;
        }

        if (!_resolvingPointers.Add(text!))
        {
            return Unsupported(SchemaPointer(key), "a $ref ('" + text + "') that leads back to itself", "the value is kept as a JsonElement");
        }

        try
        {
            EnsureComponent(key);
            if (Walk(key, segments) is not { } found)
            {
                return null;
            }

            return _resolvedAt.TryGetValue(found.Pointer, out TypeRef? known) ? known : Resolve(found.Schema, found.Pointer, found.NameHint);
        }
        finally
        {
            _resolvingPointers.Remove(text!);
        }
    }

    /// <summary>The schema a reference into a component schema leads to, or null.</summary>
    private IOpenApiSchema? PointerTarget(OpenApiSchemaReference reference) =>
        TrySplitSchemaPointer(reference.Reference?.ReferenceV3, out string key, out List<string> segments) && _components.ContainsKey(key)
            ? Walk(key, segments)?.Schema
            : null;

    /// <summary>Builds the type of component <paramref name="key"/> now if it has one and it is not built yet, so the types inside it are recorded.</summary>
    private void EnsureComponent(string key)
    {
        if (!_componentTypes.ContainsKey(key))
        {
            ResolveAlias(key);
            return;
        }

        BuildComponent(key);
    }

    /// <summary>
    /// Follows <paramref name="segments"/> from component <paramref name="key"/>: the schema there, its pointer as the
    /// builder writes it, and the name an inline type there gets. A reference met on the way continues from its component.
    /// </summary>
    private (IOpenApiSchema Schema, string Pointer, string NameHint)? Walk(string key, List<string> segments)
    {
        IOpenApiSchema current = _components[key];
        string pointer = SchemaPointer(key);
        string hint = _componentTypes.TryGetValue(key, out TypeRef? type) && type.Name is { } name ? name : ComponentHint(key);
        int i = 0;
        while (i < segments.Count)
        {
            if (current is OpenApiSchemaReference { Reference.ReferenceV3: { } inner } && inner.StartsWith(SchemasPrefix, System.StringComparison.Ordinal)
                && inner.IndexOf('/', SchemasPrefix.Length) < 0 && _components.ContainsKey(Unescape(inner.Substring(SchemasPrefix.Length))))
            {
                // Going on inside a referenced component: its own place, so its own types are found.
                string next = Unescape(inner.Substring(SchemasPrefix.Length));
                EnsureComponent(next);
                current = _components[next];
                pointer = SchemaPointer(next);
                hint = _componentTypes.TryGetValue(next, out TypeRef? nextType) && nextType.Name is { } nextName ? nextName : ComponentHint(next);
            }

            string segment = segments[i];
            string? member = i + 1 < segments.Count ? segments[i + 1] : null;
            IOpenApiSchema? child;
            switch (segment)
            {
                case "properties" when member is not null:
                    child = current.Properties is { } properties && properties.TryGetValue(member, out IOpenApiSchema? property) ? property : null;
                    hint += Identifiers.ToPascalCase(member).TrimStart('@', '_');
                    break;
                case "$defs" or "definitions" when member is not null:
                    child = current.Definitions is { } definitions && definitions.TryGetValue(member, out IOpenApiSchema? definition) ? definition : null;
                    hint = Identifiers.ToPascalCase(member, "Schema").TrimStart('@');
                    break;
                case "allOf" or "oneOf" or "anyOf" when member is not null && int.TryParse(member, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index):
                    IList<IOpenApiSchema>? list = segment == "allOf" ? current.AllOf : segment == "oneOf" ? current.OneOf : current.AnyOf;
                    child = list is not null && index < list.Count ? list[index] : null;
                    hint += segment == "allOf" ? string.Empty : "Option" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "items":
                    child = current.Items;
                    hint = Identifiers.Singularize(hint);
                    member = null;
                    break;
                case "additionalProperties":
                    child = current.AdditionalProperties;
                    hint += "Value";
                    member = null;
                    break;
                case "not":
                    child = current.Not;
                    member = null;
                    break;
                default:
                    return null;
            }

            if (child is null)
            {
                return null;
            }

            pointer = SourceMap.Append(pointer, segment);
            if (member is not null)
            {
                pointer = SourceMap.Append(pointer, member);
                i++;
            }

            current = child;
            i++;
        }

        return (current, pointer, Shorten(hint));
    }

    /// <summary>Builds the type of component <paramref name="key"/> unless it is built, being built or built elsewhere.</summary>
    private void BuildComponent(string key)
    {
        if (!_pendingComponents.Remove(key))
        {
            return;
        }

        _cancellationToken.ThrowIfCancellationRequested();
        IOpenApiSchema schema = _components[key];
        TypeRef type = _componentTypes[key];
        switch (type.Kind)
        {
            case TypeRefKind.Enum:
                _types.Add(BuildEnum(type.Name!, schema, SchemaPointer(key)));
                break;
            case TypeRefKind.Union:
                BuildUnion(type.Name!, schema, SchemaPointer(key));
                break;
            default:
                _types.Add(BuildObject(type.Name!, schema, SchemaPointer(key)));
                break;
        }
    }

    /// <summary>The name hint of a component without a type of its own: its key's last dotted segment.</summary>
    private static string ComponentHint(string key)
    {
        string[] parts = key.Split('.');
        return Identifiers.ToPascalCase(parts[parts.Length - 1], "Schema");
    }
}
