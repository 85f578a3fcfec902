using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using SliceClientGen.Runtime.Http;
using SliceClientGen.Runtime.Watch;
using Kube = SliceClientGen.Benchmarks.Kube;
using Poco = SliceClientGen.Benchmarks.Pocos;

namespace SliceClientGen.Benchmarks;

/// <summary>
/// Issue 7 item 3: 10,000 watch events (each a MODIFIED/ADDED 100-endpoint slice, about 26 KB) streamed by Kestrel
/// on 127.0.0.1 over HTTP/1.1 (chunked), consumed by the generated watch method, and by the way the official C#
/// client reads a watch (StreamReader.ReadLineAsync, then System.Text.Json reflection per line). The server cycles
/// through 1,000 distinct events (100,000 distinct pods), so no cache can hold the unique values. Figures are per
/// event (OperationsPerInvoke = 10,000).
/// </summary>
[BenchmarkCategory("Watch")]
public class WatchBenchmarks
{
    public const int Events = 10_000;
    private const int DistinctEvents = 1000;

    private WebApplication _server = null!;
    private HttpClient _http = null!;
    private Kube.EndpointSlicesClient _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        byte[][] events = new byte[DistinctEvents][];
        for (int i = 0; i < events.Length; i++)
        {
            events[i] = SliceData.WatchEvent(i);
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1));
        _server = builder.Build();
        _server.MapGet("/apis/discovery.k8s.io/v1/endpointslices", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            for (int i = 0; i < Events; i++)
            {
                await context.Response.BodyWriter.WriteAsync(events[i % events.Length], context.RequestAborted).ConfigureAwait(false);
            }
        });
        _server.StartAsync().GetAwaiter().GetResult();
        string address = _server.Urls is { Count: > 0 } urls ? System.Linq.Enumerable.First(urls) : throw new InvalidOperationException("Kestrel has no address.");
        _http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(address) };
        _client = new Kube.EndpointSlicesClient(_http);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _server.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_server).Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "Lines as strings + STJ reflection (official client's way)")]
    public async Task<int> LinesAndReflection()
    {
        using HttpResponseMessage response = await _http.GetAsync("/apis/discovery.k8s.io/v1/endpointslices?watch=true&resourceVersion=1", HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        using var lines = new StreamReader(body);
        int count = 0;
        while (await lines.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            Poco.WatchEvent e = JsonSerializer.Deserialize<Poco.WatchEvent>(line, Payloads.Reflection)!;
            count += e.Object!.Endpoints.Count > 0 ? 1 : 0;
        }

        return Check(count);
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Generated WatchEndpointSlicesAllNamespacesAsync")]
    public async Task<int> Generated()
    {
        int count = 0;
        await foreach (WatchEvent<Kube.EndpointSlice> e in _client.WatchEndpointSlicesAllNamespacesAsync(resourceVersion: "1", watchOptions: new WatchOptions { Resume = false }).ConfigureAwait(false))
        {
            count += e.Object.Endpoints.Count > 0 ? 1 : 0;
        }

        return Check(count);
    }

    private static int Check(int count) => count == Events ? count : throw new InvalidOperationException("Expected " + Events + " events, read " + count + ".");
}
