using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using SliceClientGen.EndpointSlices;
using SliceClientGen.Informers.Tests.Infrastructure;
using SliceClientGen.Runtime.Informers;

namespace SliceClientGen.Informers.Tests;

public sealed class ObservabilityTests
{
    [Fact]
    public void Backoff_starts_at_800_ms_doubles_to_30_s_and_resets_after_two_healthy_minutes()
    {
        var time = new FakeTimeProvider();
        var backoff = new InformerBackoff(new InformerOptions { Jitter = 0.2 }, time, () => 0.5);

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalMilliseconds).ToList();
        time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal([800, 1600, 3200, 6400, 12800, 25600, 30000, 30000], delays);
        Assert.Equal(800, backoff.Next().TotalMilliseconds);
    }

    [Fact]
    public void Backoff_jitter_stays_within_its_fraction_and_below_the_cap()
    {
        var backoff = new InformerBackoff(new InformerOptions { Jitter = 0.2 }, new FakeTimeProvider(), () => 0.0);
        var high = new InformerBackoff(new InformerOptions { Jitter = 0.2 }, new FakeTimeProvider(), () => 1.0);

        Assert.Equal(640, backoff.Next().TotalMilliseconds);
        Assert.Equal(960, high.Next().TotalMilliseconds);
    }

    [Fact]
    public async Task The_meter_counts_events_and_relists_with_opentelemetry_names()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-0", "web", [new Ep("10.0.0.1")]));
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-1", "web", [new Ep("10.0.0.2")]));
        InformerOptions<EndpointSlice> options = Cluster.FastOptions();
        options.Name = "metrics-test-" + Guid.NewGuid().ToString("N");
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "SliceClientGen.Informers")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            if (Equals(copy.GetValueOrDefault("sliceclientgen.informer.name"), options.Name))
            {
                lock (measurements)
                {
                    measurements.Add((instrument.Name, value, copy));
                }
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        await using Informer<EndpointSlice> informer = cluster.CreateInformer(options);
        await informer.StartAsync();
        await Eventually.Within(informer.WaitForSyncAsync());
        cluster.Delete("web-1");
        await Eventually.ReachesResourceVersionAsync(informer, cluster.ResourceVersion);
        listener.RecordObservableInstruments();

        lock (measurements)
        {
            Assert.Equal(2, measurements.Count(m => m.Instrument == "sliceclientgen.informer.events" && (string?)m.Tags["sliceclientgen.informer.event.type"] == "added"));
            Assert.Single(measurements, m => m.Instrument == "sliceclientgen.informer.events" && (string?)m.Tags["sliceclientgen.informer.event.type"] == "deleted");
            var relist = Assert.Single(measurements, m => m.Instrument == "sliceclientgen.informer.relists");
            Assert.Equal("streaming", relist.Tags["sliceclientgen.informer.list.mode"]);
            Assert.Equal("initial", relist.Tags["sliceclientgen.informer.reason"]);
            Assert.Single(measurements, m => m.Instrument == "sliceclientgen.informer.sync.duration");
            Assert.Equal(1, measurements.Last(m => m.Instrument == "sliceclientgen.informer.cache.size").Value);
        }
    }

    [Fact]
    public async Task The_fallback_to_paged_lists_and_the_relist_after_410_are_logged()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-0", "web", [new Ep("10.0.0.1")]));
        cluster.Wire.RefuseStreamingList = true;
        var logged = new SemaphoreSlim(0);
        var logs = new FakeLogCollector(Microsoft.Extensions.Options.Options.Create(new FakeLogCollectorOptions { OutputSink = _ => logged.Release() }));
        using var loggers = new LoggerFactory([new FakeLoggerProvider(logs)]);
        InformerOptions<EndpointSlice> options = Cluster.FastOptions();
        options.LoggerFactory = loggers;
        await using Informer<EndpointSlice> informer = cluster.CreateInformer(options);
        await informer.StartAsync();
        await Eventually.Within(informer.WaitForSyncAsync());

        cluster.Wire.BlockWatches = true;
        cluster.Wire.CutWatches();
        cluster.Delete("web-0");
        cluster.Server.Faults.CompactHistory();
        cluster.Wire.BlockWatches = false;

        // The relist's "synced" record is written after its batch reaches observers: wait for the record itself.
        while (logs.GetSnapshot().Count(r => r.Id.Name == "InformerSynced") < 2)
        {
            await logged.WaitAsync().Within(Eventually.HangGuardSeconds);
        }

        IReadOnlyList<FakeLogRecord> records = logs.GetSnapshot();
        Assert.Contains(records, r => r.Id.Name == "InformerStreamingListFallback" && r.Message.Contains("400"));
        Assert.Contains(records, r => r.Id.Name == "InformerRelistExpired");
        Assert.Equal(2, records.Count(r => r.Id.Name == "InformerSynced" && r.Message.Contains("paged")));
    }
}
