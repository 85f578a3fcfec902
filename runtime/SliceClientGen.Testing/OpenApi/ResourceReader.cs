using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SliceClientGen.Testing.OpenApi;

/// <summary>Finds the Kubernetes-style resources in an OpenAPI document from the shape of its paths.</summary>
internal static partial class ResourceReader
{
    public static IReadOnlyList<ApiResource> Read(JsonObject document, string source)
    {
        if (document["paths"] is not JsonObject paths)
        {
            throw new OpenApiDocumentException($"The OpenAPI document '{source}' has no paths.");
        }

        var found = new Dictionary<string, ApiResource>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (path, item) in paths)
        {
            if (item is not JsonObject pathItem || path.Contains("/watch/", StringComparison.Ordinal))
            {
                continue;
            }

            Match namespaced = NamespacedCollection().Match(path);
            Match clusterItem = ClusterScopedItem().Match(path);
            bool isNamespaced = namespaced.Success;
            Match match = isNamespaced ? namespaced : clusterItem;
            if (!match.Success)
            {
                continue;
            }

            string group = match.Groups["group"].Value;
            string version = match.Groups["version"].Value;
            string plural = match.Groups["plural"].Value;
            if (!isNamespaced && (plural == "namespaces" && group.Length > 0))
            {
                continue;
            }

            string id = group + "/" + version + "/" + plural;
            if (found.TryGetValue(id, out ApiResource? existing) && (existing.Namespaced || !isNamespaced))
            {
                continue;
            }

            JsonObject? itemPath = isNamespaced ? paths[path + "/{name}"] as JsonObject : pathItem;
            (string? kind, string? schema) = KindAndSchema(document, isNamespaced ? pathItem : null, itemPath);
            kind ??= KindFromPlural(plural);
            if (!found.ContainsKey(id))
            {
                order.Add(id);
            }

            found[id] = new ApiResource(group, version, plural, kind, isNamespaced) { SchemaReference = schema };
        }

        var result = new List<ApiResource>(order.Count);
        foreach (string id in order)
        {
            result.Add(found[id]);
        }

        return result;
    }

    private static (string? Kind, string? Schema) KindAndSchema(JsonObject document, JsonObject? collection, JsonObject? item)
    {
        string? kind = null;
        string? schemaRef = null;
        foreach (JsonObject? operation in new[] { collection?["post"] as JsonObject, item?["put"] as JsonObject, item?["get"] as JsonObject })
        {
            if (operation is null)
            {
                continue;
            }

            kind ??= operation["x-kubernetes-group-version-kind"]?["kind"]?.GetValue<string>();
            schemaRef ??= operation == item?["get"] ? ResponseSchemaRef(operation) : BodySchemaRef(operation);
        }

        if (schemaRef is not null && kind is null)
        {
            JsonObject? schema = SchemaValidator.Resolve(document, schemaRef);
            JsonNode? kindSchema = schema?["properties"]?["kind"];
            kind = kindSchema?["const"]?.GetValue<string>() ?? (kindSchema?["enum"] as JsonArray)?[0]?.GetValue<string>()
                ?? schema?["x-kubernetes-group-version-kind"]?[0]?["kind"]?.GetValue<string>();
            if (kind is null)
            {
                string name = schemaRef[(schemaRef.LastIndexOf('/') + 1)..];
                kind = name[(name.LastIndexOf('.') + 1)..];
            }
        }

        return (kind, schemaRef);
    }

    private static string? BodySchemaRef(JsonObject operation)
    {
        if (operation["requestBody"]?["content"] is JsonObject content)
        {
            foreach (var (mediaType, value) in content)
            {
                if (mediaType.Contains("json", StringComparison.OrdinalIgnoreCase) && value?["schema"]?["$ref"] is JsonValue reference)
                {
                    return reference.GetValue<string>();
                }
            }
        }

        if (operation["parameters"] is JsonArray parameters)
        {
            foreach (JsonNode? parameter in parameters)
            {
                if (parameter?["in"]?.GetValue<string>() == "body" && parameter["schema"]?["$ref"] is JsonValue reference)
                {
                    return reference.GetValue<string>();
                }
            }
        }

        return null;
    }

    private static string? ResponseSchemaRef(JsonObject operation)
    {
        JsonNode? ok = operation["responses"]?["200"];
        if (ok?["content"] is JsonObject content)
        {
            foreach (var (_, value) in content)
            {
                if (value?["schema"]?["$ref"] is JsonValue reference)
                {
                    return reference.GetValue<string>();
                }
            }
        }

        return ok?["schema"]?["$ref"]?.GetValue<string>();
    }

    private static string KindFromPlural(string plural)
    {
        string singular = plural.EndsWith("ies", StringComparison.Ordinal) ? plural[..^3] + "y"
            : plural.EndsWith("ses", StringComparison.Ordinal) ? plural[..^2]
            : plural.EndsWith('s') ? plural[..^1] : plural;
        return char.ToUpperInvariant(singular[0]) + singular[1..];
    }

    [GeneratedRegex(@"^(/apis/(?<group>[^/{}]+)|/api)/(?<version>[^/{}]+)/namespaces/\{[^}/]+\}/(?<plural>[^/{}]+)$")]
    private static partial Regex NamespacedCollection();

    [GeneratedRegex(@"^(/apis/(?<group>[^/{}]+)|/api)/(?<version>[^/{}]+)/(?<plural>[^/{}]+)/\{[^}/]+\}$")]
    private static partial Regex ClusterScopedItem();
}
