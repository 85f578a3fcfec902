using System.IO;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Kube = SliceClientGen.Benchmarks.Kube;
using Poco = SliceClientGen.Benchmarks.Pocos;

namespace SliceClientGen.Benchmarks;

/// <summary>
/// Issue 7 item 2: the ~25 MB list written to a reused stream (no intermediate string, no growing buffer in the
/// measurement) by the generated converters and by System.Text.Json's source-generated fast path.
/// </summary>
[BenchmarkCategory("Serialize")]
public class SerializeBenchmarks
{
    private Poco.EndpointSliceList _poco = null!;
    private Kube.EndpointSliceList _model = null!;
    private MemoryStream _output = null!;
    private Utf8JsonWriter _writer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _poco = JsonSerializer.Deserialize(Payloads.List, Payloads.SourceGen.EndpointSliceList)!;
        _model = JsonSerializer.Deserialize<Kube.EndpointSliceList>(Payloads.List)!;
        _output = new MemoryStream(Payloads.List.Length + 1024 * 1024);
        _writer = new Utf8JsonWriter(_output);
    }

    [Benchmark(Baseline = true, Description = "STJ source generator (fast path)")]
    public long StjSourceGen()
    {
        _output.Position = 0;
        _writer.Reset(_output);
        JsonSerializer.Serialize(_writer, _poco, Payloads.SourceGen.EndpointSliceList);
        _writer.Flush();
        return _output.Position;
    }

    [Benchmark(Description = "STJ reflection")]
    public long StjReflection()
    {
        _output.Position = 0;
        _writer.Reset(_output);
        JsonSerializer.Serialize(_writer, _poco, Payloads.Reflection);
        _writer.Flush();
        return _output.Position;
    }

    [Benchmark(Description = "SliceClientGen generated")]
    public long Generated()
    {
        _output.Position = 0;
        _writer.Reset(_output);
        JsonSerializer.Serialize(_writer, _model);
        _writer.Flush();
        return _output.Position;
    }
}
