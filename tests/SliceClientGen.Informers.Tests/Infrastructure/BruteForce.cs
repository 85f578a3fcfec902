using System.Text.Json.Nodes;
using SliceClientGen.EndpointSlices;

namespace SliceClientGen.Informers.Tests.Infrastructure;

/// <summary>
/// The per-Service merge computed the slow, obvious way from the server's JSON objects — the specification the view is
/// checked against — and a rendering of both into comparable lines.
/// </summary>
internal static class BruteForce
{
    private const string ServiceLabel = "kubernetes.io/service-name";

    /// <summary>Every Service's expected lines, from all slices the server holds.</summary>
    public static Dictionary<ServiceKey, List<string>> Services(IEnumerable<JsonObject> slices)
    {
        var result = new Dictionary<ServiceKey, List<string>>();
        foreach (IGrouping<ServiceKey, JsonObject> service in slices
            .Where(s => s["metadata"]?["labels"]?[ServiceLabel] is not null)
            .GroupBy(s => new ServiceKey((string)s["metadata"]!["namespace"]!, (string)s["metadata"]!["labels"]![ServiceLabel]!)))
        {
            result[service.Key] = Lines(service);
        }

        return result;
    }

    private static List<string> Lines(IEnumerable<JsonObject> slices)
    {
        var ports = new SortedSet<string>(StringComparer.Ordinal);
        var best = new Dictionary<string, (int Rank, string Line)>();
        foreach (JsonObject slice in slices.OrderBy(s => (string)s["metadata"]!["name"]!, StringComparer.Ordinal))
        {
            string addressType = (string)slice["addressType"]!;
            List<(string Name, string Protocol, string Number, string App)> slicePorts = (slice["ports"] as JsonArray ?? [])
                .Select(p => ((string?)p!["name"] ?? "", (string?)p["protocol"] ?? "TCP", p["port"]?.ToString() ?? "*", (string?)p["appProtocol"] ?? "-"))
                .ToList();
            foreach (var port in slicePorts)
            {
                ports.Add($"port {port.Name} {port.Protocol} {port.Number} {port.App}");
            }

            if (slicePorts.Count == 0)
            {
                slicePorts.Add(("", "", "*", "-"));
            }

            foreach (JsonNode? endpoint in slice["endpoints"] as JsonArray ?? [])
            {
                JsonArray addresses = endpoint!["addresses"]!.AsArray();
                if (addresses.Count == 0)
                {
                    continue;
                }

                bool ready = (bool?)endpoint["conditions"]?["ready"] ?? true;
                bool serving = (bool?)endpoint["conditions"]?["serving"] ?? ready;
                bool terminating = (bool?)endpoint["conditions"]?["terminating"] ?? false;
                int rank = (terminating ? 0 : 4) + (ready ? 2 : 0) + (serving ? 1 : 0);
                string zones = string.Join(",", (endpoint["hints"]?["forZones"] as JsonArray ?? []).Select(z => (string)z!["name"]!).Order(StringComparer.Ordinal));
                foreach (var port in slicePorts)
                {
                    string key = $"{addresses[0]} {port.Name} {port.Protocol}";
                    string line = $"ep {port.Name} {port.Protocol} {port.Number} {port.App} {addressType} {addresses[0]} ready={ready} serving={serving} terminating={terminating} node={(string?)endpoint["nodeName"]} zone={(string?)endpoint["zone"]} hints={zones} target={(string?)endpoint["targetRef"]?["name"]}";
                    if (!best.TryGetValue(key, out var current) || rank > current.Rank)
                    {
                        best[key] = (rank, line);
                    }
                }
            }
        }

        return ports.Concat(best.Values.Select(b => b.Line).Order(StringComparer.Ordinal)).ToList();
    }

    /// <summary>The same lines, from a view snapshot.</summary>
    public static List<string> Lines(ServiceEndpoints snapshot)
    {
        IEnumerable<string> ports = snapshot.Ports.Select(p => $"port {p.Name} {p.Protocol} {p.Port?.ToString() ?? "*"} {p.AppProtocol ?? "-"}");
        IEnumerable<string> endpoints = snapshot.Endpoints
            .Select(e => $"ep {e.Port.Name} {e.Port.Protocol} {e.Port.Port?.ToString() ?? "*"} {e.Port.AppProtocol ?? "-"} {e.AddressType} {e.Address} ready={e.Ready} serving={e.Serving} terminating={e.Terminating} node={e.NodeName} zone={e.Zone} hints={string.Join(",", e.ForZones)} target={e.Target?.Name}")
            .Order(StringComparer.Ordinal);
        return ports.Order(StringComparer.Ordinal).Concat(endpoints).ToList();
    }
}
