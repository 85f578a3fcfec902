// SliceExplorer, first cut: the generated EndpointSlice models at work on what a real API server returns.
// (The full sample, with an embedded API server, watch and paging, comes with the typed client.)
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using SliceExplorer.Kube;

const string ServerList =
    """{"kind":"EndpointSliceList","apiVersion":"discovery.k8s.io/v1","metadata":{"resourceVersion":"4711"},"items":[""" +
    """{"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1","metadata":{"name":"web-7x2k","generateName":"web-","namespace":"shop","labels":{"endpointslice.kubernetes.io/managed-by":"endpointslice-controller.k8s.io","kubernetes.io/service-name":"web"},"ownerReferences":[{"apiVersion":"v1","kind":"Service","name":"web","uid":"a1","controller":true}]},"addressType":"IPv4","endpoints":[{"addresses":["10.0.1.4"],"conditions":{"ready":true,"serving":true,"terminating":false},"nodeName":"node-a","zone":"eu-1a"},{"addresses":["10.0.2.9"],"conditions":{"ready":false,"serving":true,"terminating":true},"nodeName":"node-b","zone":"eu-1b"}],"ports":[{"name":"http","protocol":"TCP","port":8080}]},""" +
    """{"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1","metadata":{"name":"web-v6","namespace":"shop","labels":{"kubernetes.io/service-name":"web"}},"addressType":"IPv6","endpoints":[{"addresses":["fd00::4"],"conditions":{"ready":true,"serving":true,"terminating":false},"zone":"eu-1a"}],"ports":[{"name":"http","protocol":"TCP","port":8080}]},""" +
    """{"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1","metadata":{"name":"legacy-db","namespace":"data","labels":{"kubernetes.io/service-name":"legacy-db"}},"addressType":"FQDN","endpoints":[{"addresses":["db.example.internal"],"conditions":{"ready":true}}],"ports":[{"name":"pg","protocol":"TCP","port":5432}]}""" +
    "]}";

EndpointSliceList list = JsonSerializer.Deserialize<EndpointSliceList>(ServerList)!;

Console.WriteLine($"{"SERVICE",-16} {"TYPE",-9} {"SLICES",6} {"ENDPOINTS",9} {"READY",5} {"TERMINATING",11}  ZONES");
foreach (IGrouping<string, EndpointSlice> service in list.Items.GroupBy(ServiceName).OrderBy(g => g.Key, StringComparer.Ordinal))
{
    List<Endpoint> endpoints = service.SelectMany(s => s.Endpoints).ToList();
    string types = string.Join("/", service.Select(s => s.AddressType.Value).Distinct());
    string zones = string.Join(",", endpoints.Select(e => e.Zone).OfType<string>().Distinct().Order(StringComparer.Ordinal));
    Console.WriteLine(
        $"{service.Key,-16} {types,-9} {service.Count(),6} {endpoints.Count,9} {endpoints.Count(e => e.Conditions?.Ready == true),5} " +
        $"{endpoints.Count(e => e.Conditions?.Terminating == true),11}  {zones}");
}

// FQDN is not in the document's enum, ownerReferences not in its ObjectMeta: both survive a round trip.
string back = JsonSerializer.Serialize(list);
Console.WriteLine();
Console.WriteLine(back == ServerList
    ? "Round trip: byte-for-byte identical, unknown fields and enum values included."
    : "Round trip changed the JSON!");
return back == ServerList ? 0 : 1;

static string ServiceName(EndpointSlice slice) =>
    slice.Metadata?.Labels is { } labels && labels.TryGetValue("kubernetes.io/service-name", out string? name) ? name : "(none)";
