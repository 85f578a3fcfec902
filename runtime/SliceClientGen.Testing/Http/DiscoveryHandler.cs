using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SliceClientGen.Testing.Protocol;
using SliceClientGen.Testing.Storage;

namespace SliceClientGen.Testing.Http;

/// <summary>
/// <c>/version</c>, <c>/api</c>, <c>/apis</c>, <c>/apis/{group}</c>, <c>/apis/{group}/{version}</c> and
/// <c>/openapi/v3</c>: what kubectl and client libraries read to find resources.
/// </summary>
internal sealed class DiscoveryHandler
{
    private static readonly string[] Verbs = { "create", "delete", "get", "list", "patch", "update", "watch" };
    private static readonly string[] NamespaceVerbs = { "get", "list", "watch" };
    private readonly ServerContext _server;
    private readonly Lazy<(byte[] Json, string Hash)?> _openApi;

    public DiscoveryHandler(ServerContext server)
    {
        _server = server;
        _openApi = new Lazy<(byte[], string)?>(() =>
        {
            if (server.Document is null)
            {
                return null;
            }

            byte[] json = StoredObject.Serialize(OpenApi.ServedDocument.Create(server.Document, server.Resources));
            return (json, Convert.ToHexString(SHA256.HashData(json))[..32]);
        });
    }

    public Task VersionAsync(HttpContext context) => JsonResponses.WriteAsync(context, 200, new JsonObject
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-sliceclientgen",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "dotnet" + Environment.Version.ToString(),
        ["compiler"] = "dotnet",
        ["platform"] = (OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "linux") + "/amd64",
    });

    public Task CoreVersionsAsync(HttpContext context)
    {
        var versions = new JsonArray();
        // Only versions with resources: an empty v1 makes discovery clients (kubectl api-resources) fail with
        // "received empty response for: v1".
        foreach (string version in _server.Resources.Where(r => r.Group.Length == 0).Select(r => r.Version).Distinct())
        {
            versions.Add((JsonNode?)JsonValue.Create(version));
        }

        return JsonResponses.WriteAsync(context, 200, new JsonObject
        {
            ["kind"] = "APIVersions",
            ["versions"] = versions,
            ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = _server.ServerAddress }),
        });
    }

    public Task GroupsAsync(HttpContext context)
    {
        var groups = new JsonArray();
        foreach (string group in Groups())
        {
            groups.Add((JsonNode)Group(group));
        }

        return JsonResponses.WriteAsync(context, 200, new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups });
    }

    public Task GroupAsync(HttpContext context, string group)
    {
        if (!Groups().Contains(group))
        {
            throw new StatusError(404, "NotFound", $"the server could not find the requested resource (API group \"{group}\")");
        }

        JsonObject body = Group(group);
        body["kind"] = "APIGroup";
        body["apiVersion"] = "v1";
        return JsonResponses.WriteAsync(context, 200, body);
    }

    public Task ResourcesAsync(HttpContext context, string group, string version)
    {
        List<ApiResource> served = _server.Resources.Where(r => r.Group == group && r.Version == version).ToList();
        if (served.Count == 0)
        {
            throw new StatusError(404, "NotFound", $"the server could not find the requested resource ({(group.Length == 0 ? version : group + "/" + version)})");
        }

        var resources = new JsonArray();
        foreach (ApiResource resource in served)
        {
            var verbs = new JsonArray();
            foreach (string verb in resource.IsNamespaceView ? NamespaceVerbs : Verbs)
            {
                verbs.Add((JsonNode?)JsonValue.Create(verb));
            }

            var entry = new JsonObject
            {
                ["name"] = resource.Plural,
                ["singularName"] = resource.Singular,
                ["namespaced"] = resource.Namespaced,
                ["kind"] = resource.Kind,
                ["verbs"] = verbs,
            };
            if (resource.ShortNames.Count > 0)
            {
                var shortNames = new JsonArray();
                foreach (string shortName in resource.ShortNames)
                {
                    shortNames.Add((JsonNode?)JsonValue.Create(shortName));
                }

                entry["shortNames"] = shortNames;
            }

            resources.Add((JsonNode)entry);
        }

        return JsonResponses.WriteAsync(context, 200, new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : group + "/" + version,
            ["resources"] = resources,
        });
    }

    /// <summary>The OpenAPI v3 index (one entry per served group version) and the document itself for each.</summary>
    public Task OpenApiAsync(HttpContext context, string[] segments)
    {
        if (_openApi.Value is not var (json, hash))
        {
            throw new StatusError(404, "NotFound", "the server has no OpenAPI document (KubeApiServerOptions.OpenApiDocumentPath)");
        }

        if (segments.Length == 2)
        {
            var paths = new JsonObject();
            foreach (string groupVersion in _server.Resources.Select(r => r.GroupVersionPath.TrimStart('/')).Distinct())
            {
                paths[groupVersion] = new JsonObject { ["serverRelativeURL"] = "/openapi/v3/" + groupVersion + "?hash=" + hash };
            }

            return JsonResponses.WriteAsync(context, 200, new JsonObject { ["paths"] = paths });
        }

        string requested = string.Join('/', segments[2..]);
        if (!_server.Resources.Any(r => r.GroupVersionPath.TrimStart('/') == requested))
        {
            throw new StatusError(404, "NotFound", $"the server has no OpenAPI document for {requested}");
        }

        return JsonResponses.WriteRawAsync(context, 200, json);
    }

    private IEnumerable<string> Groups() => _server.Resources.Where(r => r.Group.Length > 0).Select(r => r.Group).Distinct();

    private JsonObject Group(string group)
    {
        var versions = new JsonArray();
        string? preferred = null;
        foreach (string version in _server.Resources.Where(r => r.Group == group).Select(r => r.Version).Distinct())
        {
            preferred ??= version;
            versions.Add((JsonNode)new JsonObject { ["groupVersion"] = group + "/" + version, ["version"] = version });
        }

        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = versions,
            ["preferredVersion"] = new JsonObject { ["groupVersion"] = group + "/" + preferred, ["version"] = preferred },
        };
    }
}
