using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace SliceClientGen.Runtime.Informers;

/// <summary>
/// An informer's instruments on the <c>SliceClientGen.Informers</c> meter, named as OpenTelemetry's semantic
/// conventions ask (lower-case dotted names, UCUM units, annotations in braces), each tagged with
/// <c>sliceclientgen.informer.name</c>.
/// </summary>
internal sealed class InformerMetrics : IDisposable
{
    public const string MeterName = "SliceClientGen.Informers";
    public const string NameAttribute = "sliceclientgen.informer.name";
    public const string EventTypeAttribute = "sliceclientgen.informer.event.type";
    public const string ReasonAttribute = "sliceclientgen.informer.reason";
    public const string ListModeAttribute = "sliceclientgen.informer.list.mode";

    private readonly Meter? _ownedMeter;
    private readonly KeyValuePair<string, object?> _name;
    private readonly Counter<long> _events;
    private readonly Counter<long> _restarts;
    private readonly Counter<long> _relists;
    private readonly Histogram<double> _syncDuration;

    public InformerMetrics(IMeterFactory? factory, string name, Func<int> cacheSize)
    {
        Meter meter = factory?.Create(new MeterOptions(MeterName)) ?? (_ownedMeter = new Meter(MeterName));
        _name = new KeyValuePair<string, object?>(NameAttribute, name);
        _events = meter.CreateCounter<long>("sliceclientgen.informer.events", "{event}", "Changes the informer delivered, by type (added, updated, deleted).");
        _restarts = meter.CreateCounter<long>("sliceclientgen.informer.watch.restarts", "{restart}", "Watch reconnects and restarts, by reason.");
        _relists = meter.CreateCounter<long>("sliceclientgen.informer.relists", "{list}", "Complete lists (initial sync and relists), by reason and list mode (streaming, paged).");
        _syncDuration = meter.CreateHistogram<double>("sliceclientgen.informer.sync.duration", "s", "How long a complete list took, from the first request to the cache swap.");
        meter.CreateObservableUpDownCounter(
            "sliceclientgen.informer.cache.size",
            () => new Measurement<int>(cacheSize(), _name),
            "{object}",
            "Objects in the informer's cache.");
    }

    public void Event(InformerEventType type) => _events.Add(1, _name, new KeyValuePair<string, object?>(EventTypeAttribute, type switch
    {
        InformerEventType.Added => "added",
        InformerEventType.Updated => "updated",
        _ => "deleted",
    }));

    public void Restart(string reason) => _restarts.Add(1, _name, new KeyValuePair<string, object?>(ReasonAttribute, reason));

    public void Relist(string reason, string mode, TimeSpan duration)
    {
        var reasonTag = new KeyValuePair<string, object?>(ReasonAttribute, reason);
        var modeTag = new KeyValuePair<string, object?>(ListModeAttribute, mode);
        _relists.Add(1, _name, reasonTag, modeTag);
        _syncDuration.Record(duration.TotalSeconds, _name, reasonTag, modeTag);
    }

    public void Dispose() => _ownedMeter?.Dispose();
}
