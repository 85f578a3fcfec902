using System;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace SliceExplorer.Cluster;

/// <summary>
/// The EndpointSlice objects the controller stores, as JSON: what a real cluster returns, including what the
/// OpenAPI document does not describe (ownerReferences, the FQDN address type, annotations).
/// </summary>
internal static class SliceDocuments
{
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string LastChangeAnnotation = "endpoints.kubernetes.io/last-change-trigger-time";

    public static JsonObject Build(ServiceModel service, SliceModel slice, DateTimeOffset changed)
    {
        var labels = new JsonObject
        {
            [ManagedByLabel] = service.ManagedBy,
            [ServiceNameLabel] = service.Name,
        };
        if (service.Headless)
        {
            labels["service.kubernetes.io/headless"] = string.Empty;
        }

        var metadata = new JsonObject
        {
            ["name"] = slice.Name,
            ["generateName"] = service.Name + "-",
            ["namespace"] = service.Namespace,
            ["labels"] = labels,
            ["annotations"] = new JsonObject { [LastChangeAnnotation] = Timestamp(changed) },
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Service",
                ["name"] = service.Name,
                ["uid"] = service.Uid,
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            }),
        };

        return new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = metadata,
            ["addressType"] = slice.AddressType,
            ["endpoints"] = Endpoints(service, slice),
            ["ports"] = new JsonArray(service.Ports.Select(Port).ToArray<JsonNode?>()),
        };
    }

    /// <summary>The <c>endpoints</c> array of a slice (what the churn rewrites).</summary>
    public static JsonArray Endpoints(ServiceModel service, SliceModel slice) =>
        new(slice.Pods.Select(pod => (JsonNode?)Endpoint(service, pod, slice.AddressType)).ToArray());

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Endpoint(ServiceModel service, PodModel pod, string addressType)
    {
        var endpoint = new JsonObject
        {
            ["addresses"] = new JsonArray(pod.AddressFor(addressType)),
            ["conditions"] = new JsonObject
            {
                ["ready"] = pod.Ready,
                ["serving"] = pod.Serving,
                ["terminating"] = pod.Terminating,
            },
        };
        if (pod.Hostname is not null)
        {
            endpoint["hostname"] = pod.Hostname;
        }

        if (addressType != "FQDN")
        {
            endpoint["targetRef"] = new JsonObject
            {
                ["kind"] = "Pod",
                ["namespace"] = service.Namespace,
                ["name"] = pod.Name,
                ["uid"] = pod.Uid,
            };
            endpoint["nodeName"] = pod.NodeName;
        }

        endpoint["zone"] = pod.Zone;
        if (service.ZoneHints)
        {
            endpoint["hints"] = new JsonObject { ["forZones"] = new JsonArray(new JsonObject { ["name"] = pod.Zone }) };
        }

        return endpoint;
    }

    private static JsonObject Port(PortModel port)
    {
        var json = new JsonObject
        {
            ["name"] = port.Name,
            ["protocol"] = port.Protocol,
            ["port"] = port.Port,
        };
        if (port.AppProtocol is not null)
        {
            json["appProtocol"] = port.AppProtocol;
        }

        return json;
    }
}
