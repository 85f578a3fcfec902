using System.Text.Json.Nodes;

namespace SliceClientGen.TestSupport;

/// <summary>One endpoint of a test slice; null conditions are left out of the JSON.</summary>
public sealed record Ep(string Address, bool? Ready = true, bool? Serving = null, bool? Terminating = null, string? Node = "node-1", string? Zone = "zone-a", string[]? ForZones = null);

/// <summary>One port of a test slice.</summary>
public sealed record Port(string? Name = "http", int Number = 8080, string? Protocol = "TCP", string? AppProtocol = null);

/// <summary>
/// EndpointSlice JSON as a controller writes it, with the endpoints and ports a test chooses (conditions left out when
/// null, hints, several address types): objects to store in the embedded server. <see cref="KubeJson"/> has the
/// fixed texts and uniform slices.
/// </summary>
public static class SliceJson
{
    public static JsonObject Build(string ns, string name, string? service, IEnumerable<Ep> endpoints, IEnumerable<Port>? ports = null, string addressType = "IPv4")
    {
        var labels = new JsonObject { ["endpointslice.kubernetes.io/managed-by"] = "informer-tests" };
        if (service is not null)
        {
            labels["kubernetes.io/service-name"] = service;
        }

        return new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labels },
            ["addressType"] = addressType,
            ["endpoints"] = new JsonArray(endpoints.Select(Endpoint).ToArray()),
            ["ports"] = new JsonArray((ports ?? [new Port()]).Select(PortJson).ToArray()),
        };
    }

    public static JsonNode Endpoint(Ep e)
    {
        var conditions = new JsonObject();
        if (e.Ready is { } ready)
        {
            conditions["ready"] = ready;
        }

        if (e.Serving is { } serving)
        {
            conditions["serving"] = serving;
        }

        if (e.Terminating is { } terminating)
        {
            conditions["terminating"] = terminating;
        }

        var endpoint = new JsonObject
        {
            ["addresses"] = new JsonArray(JsonValue.Create(e.Address)),
            ["conditions"] = conditions,
            ["targetRef"] = new JsonObject { ["kind"] = "Pod", ["name"] = "pod-" + e.Address.Replace('.', '-').Replace(':', '-'), ["namespace"] = "default" },
        };
        if (e.Node is not null)
        {
            endpoint["nodeName"] = e.Node;
        }

        if (e.Zone is not null)
        {
            endpoint["zone"] = e.Zone;
        }

        if (e.ForZones is not null)
        {
            endpoint["hints"] = new JsonObject { ["forZones"] = new JsonArray(e.ForZones.Select(z => (JsonNode)new JsonObject { ["name"] = z }).ToArray()) };
        }

        return endpoint;
    }

    private static JsonNode PortJson(Port p)
    {
        var port = new JsonObject { ["port"] = p.Number };
        if (p.Name is not null)
        {
            port["name"] = p.Name;
        }

        if (p.Protocol is not null)
        {
            port["protocol"] = p.Protocol;
        }

        if (p.AppProtocol is not null)
        {
            port["appProtocol"] = p.AppProtocol;
        }

        return port;
    }
}
