using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace SliceClientGen.Benchmarks.Pocos;

// Plain classes equivalent to the generated models (same properties and types, no presence tracking, no
// unknown-property bag), for System.Text.Json's reflection serializer and its source generator.
#pragma warning disable CS1591

public sealed class EndpointSliceList
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    public ListMeta? Metadata { get; set; }
    public List<EndpointSlice> Items { get; set; } = new();
}

public sealed class ListMeta
{
    public string? ResourceVersion { get; set; }
    public string? Continue { get; set; }
    public int? RemainingItemCount { get; set; }
}

public sealed class EndpointSlice
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    public ObjectMeta? Metadata { get; set; }
    public string? AddressType { get; set; }
    public List<Endpoint> Endpoints { get; set; } = new();
    public List<EndpointPort>? Ports { get; set; }
}

public sealed class ObjectMeta
{
    public string? Name { get; set; }
    public string? Namespace { get; set; }
    public string? Uid { get; set; }
    public string? ResourceVersion { get; set; }
    public DateTimeOffset? CreationTimestamp { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
}

public sealed class Endpoint
{
    public List<string> Addresses { get; set; } = new();
    public EndpointConditions? Conditions { get; set; }
    public string? Hostname { get; set; }
    public string? NodeName { get; set; }
    public string? Zone { get; set; }
    public EndpointTargetRef? TargetRef { get; set; }
    public EndpointHints? Hints { get; set; }
}

public sealed class EndpointConditions
{
    public bool? Ready { get; set; }
    public bool? Serving { get; set; }
    public bool? Terminating { get; set; }
}

public sealed class EndpointTargetRef
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    public string? Namespace { get; set; }
    public string? Name { get; set; }
    public string? Uid { get; set; }
}

public sealed class EndpointHints
{
    public List<NamedHint>? ForZones { get; set; }
    public List<NamedHint>? ForNodes { get; set; }
}

public sealed class NamedHint
{
    public string? Name { get; set; }
}

public sealed class EndpointPort
{
    public string? Name { get; set; }
    public int? Port { get; set; }
    public string? Protocol { get; set; }
    public string? AppProtocol { get; set; }
}

public sealed class WatchEvent
{
    public string? Type { get; set; }
    public EndpointSlice? Object { get; set; }
}

/// <summary>System.Text.Json's source generator over the plain classes (metadata and the serialization fast path).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EndpointSliceList))]
[JsonSerializable(typeof(EndpointSlice))]
[JsonSerializable(typeof(WatchEvent))]
public sealed partial class PocoJsonContext : JsonSerializerContext
{
}
