using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using SliceClientGen.Benchmarks.Pocos;

namespace SliceClientGen.Benchmarks;

/// <summary>The payloads and serializer options every benchmark shares, built once per process.</summary>
public static class Payloads
{
    private static readonly Lazy<byte[]> LazyList = new(() => SliceData.List());
    private static readonly Lazy<byte[]> LazySlice = new(() => SliceData.Slice(endpoints: 10));

    /// <summary>1,000 slices × 100 endpoints, about 25 MB.</summary>
    public static byte[] List => LazyList.Value;

    /// <summary>One small slice (10 endpoints, about 3 KB), for latency.</summary>
    public static byte[] SmallSlice => LazySlice.Value;

    /// <summary>System.Text.Json with reflection over the plain classes.</summary>
    public static JsonSerializerOptions Reflection { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>System.Text.Json's source generator over the plain classes.</summary>
    public static PocoJsonContext SourceGen { get; } = PocoJsonContext.Default;

    /// <summary>The ceiling: every token of <paramref name="json"/> read with a bare <see cref="Utf8JsonReader"/>, nothing materialized.</summary>
    public static int CountTokens(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        int tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }
}
