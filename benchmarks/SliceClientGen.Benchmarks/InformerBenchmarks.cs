using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using SliceClientGen.EndpointSlices;
using SliceClientGen.Runtime.Informers;
using SliceClientGen.Runtime.Watch;

namespace SliceClientGen.Benchmarks;

/// <summary>
/// Issue 15: the cost of one MODIFIED slice event (1,000 slices × 100 endpoints cached), from the watch to the cache,
/// the subscribers and (with <see cref="WithView"/>) the per-Service view; events come from an in-memory source, so
/// neither the network nor JSON reading is in the figure. Each event changes one endpoint's readiness, so the view
/// merges the Service again and finds a change every time.
/// </summary>
[BenchmarkCategory("Informer")]
public class InformerEventBenchmarks
{
    private const int Slices = 1000;
    private const int EventsPerInvoke = 200;

    private Channel<WatchEvent<EndpointSlice>> _events = null!;
    private Informer<EndpointSlice> _informer = null!;
    private ServiceEndpointsView? _view;
    private EndpointSlice[][] _copies = null!;
    private long _resourceVersion = 50_000_000;
    private int _next;
    private TaskCompletionSource _reached = null!;
    private long _target;

    [Params(false, true)]
    public bool WithView { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        byte[] list = SliceData.List(Slices, 100);
        EndpointSliceList initial = JsonSerializer.Deserialize<EndpointSliceList>(list)!;

        // Two copies of every slice that differ in one endpoint's readiness: events alternate between them.
        _copies = new EndpointSlice[Slices][];
        for (int i = 0; i < Slices; i++)
        {
            EndpointSlice a = JsonSerializer.Deserialize<EndpointSlice>(SliceData.Slice(i, 100))!;
            EndpointSlice b = JsonSerializer.Deserialize<EndpointSlice>(SliceData.Slice(i, 100))!;
            b.Endpoints[0].Conditions ??= new EndpointConditions();
            b.Endpoints[0].Conditions!.Ready = !(a.Endpoints[0].Conditions?.Ready ?? true);
            _copies[i] = [a, b];
        }

        _events = Channel.CreateUnbounded<WatchEvent<EndpointSlice>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var source = new ListWatch<EndpointSlice>(
            (request, _) => Task.FromResult(new ListPage<EndpointSlice>(initial.Items, initial.Metadata!.ResourceVersion, null)),
            (request, cancellationToken) => _events.Reader.ReadAllAsync(cancellationToken),
            static s => s.Metadata?.Namespace,
            static s => s.Metadata?.Name,
            static s => s.Metadata?.ResourceVersion,
            static s => s.Metadata?.Labels,
            "endpointslices");
        _informer = new Informer<EndpointSlice>(source, new InformerOptions<EndpointSlice> { UseStreamingList = false, Transform = EndpointSliceInformers.Compact });
        _view = WithView ? _informer.CreateServiceView() : null;
        _informer.Observe(batch =>
        {
            if (long.TryParse(batch.ResourceVersion, out long version) && version >= Volatile.Read(ref _target))
            {
                _reached?.TrySetResult();
            }
        });
        _informer.StartAsync().GetAwaiter().GetResult();
        _informer.WaitForSyncAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _view?.Dispose();
        _informer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvoke, Description = "MODIFIED slice event applied")]
    public async Task ApplyModified()
    {
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _target, _resourceVersion + EventsPerInvoke);
        for (int i = 0; i < EventsPerInvoke; i++)
        {
            int index = _next++ % Slices;
            EndpointSlice slice = _copies[index][(_next / Slices) % 2];
            string version = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            slice.Metadata!.ResourceVersion = version;
            _events.Writer.TryWrite(new WatchEvent<EndpointSlice>(WatchEventType.Modified, slice, version));
        }

        await _reached.Task.ConfigureAwait(false);
    }
}

/// <summary>Issue 15: merging one Service's slices (4 slices × 100 endpoints) into a snapshot, and diffing two snapshots.</summary>
[BenchmarkCategory("Informer")]
public class ServiceViewBenchmarks
{
    private EndpointSlice[] _slices = null!;
    private ServiceEndpoints _before = null!;
    private ServiceEndpoints _after = null!;

    [GlobalSetup]
    public void Setup()
    {
        _slices = Enumerable.Range(0, 4).Select(i => JsonSerializer.Deserialize<EndpointSlice>(SliceData.Slice(i, 100))!).ToArray();
        foreach (EndpointSlice slice in _slices)
        {
            slice.Metadata!.Labels![ServiceEndpointsView.ServiceNameLabel] = "svc";
        }

        var service = new ServiceKey(_slices[0].Metadata!.Namespace!, "svc");
        _before = EndpointSliceMerge.Merge(service, _slices, "1");
        _slices[1].Endpoints[5].Conditions = new EndpointConditions { Ready = false, Terminating = true };
        _after = EndpointSliceMerge.Merge(service, _slices, "2");
    }

    [Benchmark(Baseline = true, Description = "Merge a Service (4 × 100 endpoints)")]
    public ServiceEndpoints Merge() => EndpointSliceMerge.Merge(_before.Service, _slices, "3");

    [Benchmark(Description = "Diff two snapshots")]
    public ServiceEndpointsDiff Diff() => _after.DiffFrom(_before);
}
