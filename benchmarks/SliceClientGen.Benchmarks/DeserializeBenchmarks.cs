using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using SliceClientGen.Runtime.Serialization;
using Kube = SliceClientGen.Benchmarks.Kube;
using Poco = SliceClientGen.Benchmarks.Pocos;

namespace SliceClientGen.Benchmarks;

/// <summary>Issue 7 item 1: the ~25 MB list (1,000 slices × 100 endpoints) from a byte array.</summary>
[BenchmarkCategory("Deserialize")]
public class DeserializeListBenchmarks
{
    private byte[] _bytes = null!;

    [GlobalSetup]
    public void Setup() => _bytes = Payloads.List;

    [Benchmark(Baseline = true, Description = "STJ source generator")]
    public Poco.EndpointSliceList? StjSourceGen() => JsonSerializer.Deserialize(_bytes, Payloads.SourceGen.EndpointSliceList);

    [Benchmark(Description = "STJ reflection")]
    public Poco.EndpointSliceList? StjReflection() => JsonSerializer.Deserialize<Poco.EndpointSliceList>(_bytes, Payloads.Reflection);

    [Benchmark(Description = "SliceClientGen generated")]
    public Kube.EndpointSliceList? Generated() => JsonSerializer.Deserialize<Kube.EndpointSliceList>(_bytes);

    [Benchmark(Description = "Raw Utf8JsonReader scan (ceiling)")]
    public int RawScan() => Payloads.CountTokens(_bytes);
}

/// <summary>Issue 7 item 1: one small slice (10 endpoints, about 3 KB): per-call latency.</summary>
[BenchmarkCategory("Deserialize")]
public class DeserializeSliceBenchmarks
{
    private byte[] _bytes = null!;

    [GlobalSetup]
    public void Setup() => _bytes = Payloads.SmallSlice;

    [Benchmark(Baseline = true, Description = "STJ source generator")]
    public Poco.EndpointSlice? StjSourceGen() => JsonSerializer.Deserialize(_bytes, Payloads.SourceGen.EndpointSlice);

    [Benchmark(Description = "STJ reflection")]
    public Poco.EndpointSlice? StjReflection() => JsonSerializer.Deserialize<Poco.EndpointSlice>(_bytes, Payloads.Reflection);

    [Benchmark(Description = "SliceClientGen generated")]
    public Kube.EndpointSlice? Generated() => JsonSerializer.Deserialize<Kube.EndpointSlice>(_bytes);

    [Benchmark(Description = "Raw Utf8JsonReader scan (ceiling)")]
    public int RawScan() => Payloads.CountTokens(_bytes);
}

/// <summary>Issue 7 item 1: the ~25 MB list read from a Stream (as an HTTP response body is), not a byte array.</summary>
[BenchmarkCategory("Deserialize")]
public class DeserializeStreamBenchmarks
{
    private byte[] _bytes = null!;

    [GlobalSetup]
    public void Setup() => _bytes = Payloads.List;

    [Benchmark(Baseline = true, Description = "STJ source generator, DeserializeAsync")]
    public async Task<Poco.EndpointSliceList?> StjSourceGen()
    {
        using var stream = new MemoryStream(_bytes, writable: false);
        return await JsonSerializer.DeserializeAsync(stream, Payloads.SourceGen.EndpointSliceList).ConfigureAwait(false);
    }

    [Benchmark(Description = "STJ reflection, DeserializeAsync")]
    public async Task<Poco.EndpointSliceList?> StjReflection()
    {
        using var stream = new MemoryStream(_bytes, writable: false);
        return await JsonSerializer.DeserializeAsync<Poco.EndpointSliceList>(stream, Payloads.Reflection).ConfigureAwait(false);
    }

    [Benchmark(Description = "SliceClientGen generated, JsonResponseReader (the client's path)")]
    public async Task<Kube.EndpointSliceList?> Generated()
    {
        using var stream = new MemoryStream(_bytes, writable: false);
        (bool _, Kube.EndpointSliceList? value) = await JsonResponseReader.ReadAsync<Kube.EndpointSliceList>(stream, Kube.EndpointSliceList.JsonConverter.ReadValue, CancellationToken.None).ConfigureAwait(false);
        return value;
    }
}
