using System.Collections.Generic;
using System.Linq;
using YamlDotNet.RepresentationModel;

namespace SliceClientGen.Reading;

/// <summary>
/// Where a node stands in an OpenAPI document, as far as schemas are concerned: the converter uses it to read
/// what Microsoft.OpenApi cannot (a boolean schema, legal in 3.1, makes its reader throw) and to cut cycles of
/// <c>$ref</c> aliases (<c>A: {$ref: B}</c>, <c>B: {$ref: A}</c>), whose resolution throws.
/// </summary>
internal enum SchemaPosition
{
    /// <summary>An OpenAPI object that is not a schema; a <c>schema</c> key in it holds one.</summary>
    Document,

    /// <summary>A schema (or a boolean standing for one).</summary>
    Schema,

    /// <summary>A map of schemas: <c>components/schemas</c>, <c>properties</c>, <c>$defs</c>.</summary>
    SchemaMap,

    /// <summary>A list of schemas: <c>allOf</c>, <c>anyOf</c>, <c>oneOf</c>, <c>prefixItems</c>.</summary>
    SchemaList,

    /// <summary>Data (examples, defaults, enums, extensions): nothing in it is a schema.</summary>
    Data,
}

internal static class SchemaPositions
{
    private static readonly HashSet<string> SchemaMaps = new(System.StringComparer.Ordinal)
    {
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
    };

    private static readonly HashSet<string> SchemaLists = new(System.StringComparer.Ordinal)
    {
        "allOf", "anyOf", "oneOf", "prefixItems",
    };

    // additionalProperties and unevaluatedProperties are left out on purpose: Microsoft.OpenApi reads their booleans.
    private static readonly HashSet<string> Subschemas = new(System.StringComparer.Ordinal)
    {
        "items", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems", "additionalItems", "contentSchema",
    };

    private static readonly HashSet<string> DataKeys = new(System.StringComparer.Ordinal)
    {
        "example", "examples", "default", "const", "enum", "value",
    };

    /// <summary>The position of the value under <paramref name="key"/> of a mapping at <paramref name="parent"/>.</summary>
    public static SchemaPosition Child(SchemaPosition parent, string parentPointer, string key)
    {
        switch (parent)
        {
            case SchemaPosition.Data:
                return SchemaPosition.Data;
            case SchemaPosition.SchemaMap:
                return SchemaPosition.Schema;
            case SchemaPosition.SchemaList:
                return SchemaPosition.Data;
            case SchemaPosition.Schema:
                return SchemaMaps.Contains(key) ? SchemaPosition.SchemaMap
                    : SchemaLists.Contains(key) ? SchemaPosition.SchemaList
                    : Subschemas.Contains(key) ? SchemaPosition.Schema
                    : SchemaPosition.Data;
            default:
                if (key.StartsWith("x-", System.StringComparison.Ordinal) || DataKeys.Contains(key))
                {
                    return SchemaPosition.Data;
                }

                if (key is "schema" or "itemSchema")
                {
                    return SchemaPosition.Schema;
                }

                return key == "schemas" && parentPointer == "/components" ? SchemaPosition.SchemaMap : SchemaPosition.Document;
        }
    }

    /// <summary>The position of an element of a sequence at <paramref name="parent"/>.</summary>
    public static SchemaPosition Element(SchemaPosition parent) => parent switch
    {
        SchemaPosition.SchemaList => SchemaPosition.Schema,
        SchemaPosition.Document => SchemaPosition.Document,
        _ => SchemaPosition.Data,
    };

    /// <summary>
    /// The component schemas that are <c>$ref</c> aliases in a cycle (each alias has one target, so following the
    /// chain from every key finds every cycle), with the chain to report: <c>A -> B -> A</c>.
    /// </summary>
    public static Dictionary<string, string> AliasCycles(YamlNode root)
    {
        var cycles = new Dictionary<string, string>(System.StringComparer.Ordinal);
        if (Get(Get(root, "components"), "schemas") is not YamlMappingNode schemas)
        {
            return cycles;
        }

        var targets = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var entry in schemas.Children)
        {
            if (entry.Key is YamlScalarNode { Value: { } key } && Get(entry.Value, "$ref") is YamlScalarNode { Value: { } reference }
                && ComponentKey(reference) is { } target)
            {
                targets[key] = target;
            }
        }

        var done = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (string start in targets.Keys)
        {
            var path = new List<string>();
            string? current = start;
            while (current is not null && !done.Contains(current) && !path.Contains(current))
            {
                path.Add(current);
                current = targets.TryGetValue(current, out string? next) ? next : null;
            }

            if (current is not null && path.Contains(current))
            {
                List<string> cycle = path.Skip(path.IndexOf(current)).ToList();
                string chain = string.Join(" -> ", cycle.Concat(new[] { current }));
                foreach (string key in cycle)
                {
                    cycles[key] = chain;
                }
            }

            done.UnionWith(path);
        }

        return cycles;
    }

    /// <summary>
    /// For a schema that is a <c>$ref</c> into a component schema (<c>#/components/schemas/A/properties/x</c>) whose
    /// chain of <c>$ref</c>s leads back to it, the chain to report (<c>/components/schemas/A/properties/x -> …</c>);
    /// null otherwise. Microsoft.OpenApi throws resolving such a reference, so the converter reads the schema as <c>{}</c>.
    /// </summary>
    public static string? PointerCycle(YamlNode root, YamlMappingNode schema, string pointer)
    {
        const string Prefix = "#/components/schemas/";
        if (Get(schema, "$ref") is not YamlScalarNode { Value: { } first } || !first.StartsWith(Prefix, System.StringComparison.Ordinal) || first.IndexOf('/', Prefix.Length) < 0)
        {
            return null;
        }

        var chain = new List<string> { pointer };
        var seen = new HashSet<YamlNode>(Helpers.ReferenceComparer<YamlNode>.Instance);
        YamlNode? current = schema;
        while (Get(current, "$ref") is YamlScalarNode { Value: { } reference } && reference.StartsWith(Prefix, System.StringComparison.Ordinal) && seen.Add(current!))
        {
            current = At(root, reference.Substring(1));
            chain.Add(reference.Substring(1));
            if (ReferenceEquals(current, schema))
            {
                return string.Join(" -> ", chain);
            }
        }

        return null;
    }

    /// <summary>The node at a JSON pointer (<c>/components/schemas/A/properties/a~1b</c>, percent-encoding allowed), or null.</summary>
    private static YamlNode? At(YamlNode root, string pointer)
    {
        YamlNode? current = root;
        foreach (string raw in pointer.Split('/').Skip(1))
        {
            string segment = Unescape(raw);
            current = current switch
            {
                YamlMappingNode => Get(current, segment),
                YamlSequenceNode sequence when int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index) && index < sequence.Children.Count => sequence.Children[index],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

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

    /// <summary><c>#/components/schemas/a~1b</c> → <c>a/b</c>; null for any other reference.</summary>
    private static string? ComponentKey(string reference)
    {
        const string Prefix = "#/components/schemas/";
        if (!reference.StartsWith(Prefix, System.StringComparison.Ordinal) || reference.IndexOf('/', Prefix.Length) >= 0)
        {
            return null;
        }

        string key = reference.Substring(Prefix.Length);
        try
        {
            key = System.Uri.UnescapeDataString(key);
        }
        catch (System.UriFormatException)
        {
        }

        return key.Replace("~1", "/").Replace("~0", "~");
    }

    private static YamlNode? Get(YamlNode? node, string key)
    {
        if (node is YamlMappingNode mapping)
        {
            foreach (var entry in mapping.Children)
            {
                if (entry.Key is YamlScalarNode { Value: { } name } && name == key)
                {
                    return entry.Value;
                }
            }
        }

        return null;
    }
}
