using System.Text.Json;
using SliceClientGen.Models.Tests.Core;
using SliceClientGen.Runtime.Serialization;
using Xunit;

namespace SliceClientGen.Models.Tests;

/// <summary>
/// The Kubernetes core/v1 Service (tests/TestDocuments/kubernetes-core-v1-service.json, an excerpt of the API
/// server's /openapi/v3/api/v1 document): ServicePort.targetPort is an IntOrString, and a Service as a real API
/// server returns it round-trips byte for byte.
/// </summary>
public sealed class ServiceIntOrStringTests
{
    /// <summary>A Service as kubectl get svc -o json shows it, with a numeric and a named target port and fields the excerpt omits.</summary>
    private const string ServerService =
        """{"kind":"Service","apiVersion":"v1","metadata":{"name":"web","namespace":"default","uid":"5d1c7b7e-0b9e-4c59-9f0d-3a1f1f8d2b11","resourceVersion":"4711","creationTimestamp":"2026-01-02T03:04:05Z","labels":{"app":"web"},"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"},"managedFields":[{"manager":"kubectl-client-side-apply","operation":"Update","apiVersion":"v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:ports":{}}}}]},"spec":{"ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":8080},{"name":"metrics","protocol":"TCP","appProtocol":"http","port":9090,"targetPort":"metrics"}],"selector":{"app":"web"},"clusterIP":"10.96.12.34","clusterIPs":["10.96.12.34"],"type":"ClusterIP","sessionAffinity":"None","ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","internalTrafficPolicy":"Cluster"},"status":{"loadBalancer":{}}}""";

    [Fact]
    public void Target_port_is_an_int_or_string_with_both_readings()
    {
        Service service = JsonSerializer.Deserialize<Service>(ServerService)!;

        IntOrString numeric = service.Spec!.Ports![0].TargetPort!.Value;
        IntOrString named = service.Spec.Ports[1].TargetPort!.Value;
        Assert.True(numeric.TryGetInt(out int port));
        Assert.Equal(8080, port);
        Assert.Equal("metrics", named.StringValue);
        Assert.Equal(typeof(IntOrString?), typeof(ServicePort).GetProperty(nameof(ServicePort.TargetPort))!.PropertyType);
    }

    [Fact]
    public void A_real_service_round_trips_byte_for_byte()
    {
        Service service = JsonSerializer.Deserialize<Service>(ServerService)!;

        Assert.Equal(ServerService, JsonSerializer.Serialize(service));
    }

    [Fact]
    public void Changing_a_target_port_from_a_number_to_a_name_writes_a_string()
    {
        Service service = JsonSerializer.Deserialize<Service>(ServerService)!;

        service.Spec!.Ports![0].TargetPort = "http-alt";

        Assert.Contains("\"targetPort\":\"http-alt\"", JsonSerializer.Serialize(service));
    }

    [Fact]
    public void A_target_port_that_is_neither_an_integer_nor_a_string_is_an_error_naming_the_path()
    {
        JsonException error = Assert.ThrowsAny<JsonException>(() =>
            JsonSerializer.Deserialize<ServicePort>("""{"port":80,"targetPort":true}"""));

        Assert.Contains("Expected an integer or a string but found a boolean", error.Message);
        Assert.Contains("$.targetPort", error.Message);
    }
}
