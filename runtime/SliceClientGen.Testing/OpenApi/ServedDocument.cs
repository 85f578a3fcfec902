using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SliceClientGen.Testing.OpenApi;

/// <summary>
/// The OpenAPI document as <c>/openapi/v3</c> serves it: the given document, with what a real API server declares on
/// each resource operation and this server implements — <c>x-kubernetes-group-version-kind</c>, and the
/// <c>dryRun</c> and <c>fieldValidation</c> query parameters on writes. kubectl reads these to decide that the
/// server validates fields itself (otherwise it asks for the OpenAPI v2 document).
/// </summary>
internal static partial class ServedDocument
{
    public static JsonObject Create(JsonObject document, IReadOnlyList<ApiResource> resources)
    {
        JsonObject served = document.DeepClone().AsObject();
        if (served["paths"] is not JsonObject paths)
        {
            return served;
        }

        foreach (var (path, item) in paths)
        {
            Match match = ResourcePath().Match(path);
            if (!match.Success || item is not JsonObject pathItem)
            {
                continue;
            }

            string group = match.Groups["group"].Value;
            string version = match.Groups["version"].Value;
            ApiResource? resource = resources.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == match.Groups["plural"].Value);
            if (resource is null)
            {
                continue;
            }

            foreach (string method in new[] { "get", "put", "post", "patch", "delete" })
            {
                if (pathItem[method] is not JsonObject operation)
                {
                    continue;
                }

                operation["x-kubernetes-group-version-kind"] ??= new JsonObject { ["group"] = group, ["kind"] = resource.Kind, ["version"] = version };
                if (method is "put" or "post" or "patch")
                {
                    AddQueryParameter(operation, "fieldValidation", "Ignore, Warn (the default) or Strict: what to do with fields the schema does not declare.");
                    AddQueryParameter(operation, "dryRun", "All: validate and answer without persisting.");
                }
            }
        }

        return served;
    }

    private static void AddQueryParameter(JsonObject operation, string name, string description)
    {
        if (operation["parameters"] is not JsonArray parameters)
        {
            parameters = new JsonArray();
            operation["parameters"] = parameters;
        }

        bool present = parameters.Any(p => p?["name"]?.GetValue<string>() == name ||
            (p?["$ref"]?.GetValue<string>() is { } reference && reference.EndsWith("/" + name, System.StringComparison.OrdinalIgnoreCase)));
        if (!present)
        {
            parameters.Add((JsonNode)new JsonObject
            {
                ["name"] = name,
                ["in"] = "query",
                ["description"] = description,
                ["schema"] = new JsonObject { ["type"] = "string" },
            });
        }
    }

    [GeneratedRegex(@"^(/apis/(?<group>[^/{}]+)|/api)/(?<version>[^/{}]+)(/namespaces/\{[^}/]+\})?/(?<plural>[^/{}]+)(/\{[^}/]+\})?$")]
    private static partial Regex ResourcePath();
}
