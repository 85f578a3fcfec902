using System;
using System.Text.Json;
using SliceExplorer.Kube;
string json = """{"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1","metadata":{"name":"web-abc","generateName":"web-","namespace":"default","uid":"1b2c","resourceVersion":"123","generation":3,"creationTimestamp":"2026-01-02T03:04:05Z","labels":{"kubernetes.io/service-name":"web"},"ownerReferences":[{"apiVersion":"v1","kind":"Service","name":"web","uid":"u","controller":true,"blockOwnerDeletion":true}],"managedFields":[{"manager":"kube-controller-manager","operation":"Update","apiVersion":"discovery.k8s.io/v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:addressType":{}}}]},"addressType":"FQDN","endpoints":[{"addresses":["10.0.0.1"],"conditions":{"ready":true,"serving":true,"terminating":false},"nodeName":"n1","zone":"z1","hints":{"forZones":[{"name":"z1"}],"forNodes":[{"name":"n1"}]},"targetRef":{"kind":"Pod","namespace":"default","name":"web-1","uid":"p1"}}],"ports":[{"name":"http","protocol":"TCP","port":80,"appProtocol":"http"}]}""";
var slice = JsonSerializer.Deserialize<EndpointSlice>(json)!;
string back = JsonSerializer.Serialize(slice);
Console.WriteLine(back == json ? "byte-for-byte" : "DIFF\n" + json + "\n" + back);
Console.WriteLine(slice.AddressType + " " + (slice.AddressType == EndpointSliceAddressType.IPv4) + " " + slice.Metadata!.CreationTimestamp);
var fresh = new EndpointSlice { AddressType = EndpointSliceAddressType.IPv4 };
fresh.Endpoints.Add(new Endpoint { Addresses = { "10.1.1.1" } });
Console.WriteLine(JsonSerializer.Serialize(fresh));
Console.WriteLine(JsonSerializer.Serialize(new EndpointPort()));
try { JsonSerializer.Deserialize<EndpointSlice>("""{"endpoints":[{"conditions":{"ready":"yes"}}]}"""); } catch (JsonException e) { Console.WriteLine(e.GetType().Name + ": " + e.Message + " | " + e.Path); }
try { JsonSerializer.Deserialize<EndpointSlice>("""{"endpoints":[{"conditions":{"ready":tru"""); } catch (JsonException e) { Console.WriteLine(e.GetType().Name + ": " + e.Message); }
var m = new ObjectMeta { CreationTimestamp = new DateTimeOffset(2026,1,2,3,4,5,TimeSpan.Zero) };
Console.WriteLine(JsonSerializer.Serialize(m));
