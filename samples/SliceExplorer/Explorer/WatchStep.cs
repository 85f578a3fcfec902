using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.EndpointSlices;
using SliceExplorer.Cluster;
using SliceExplorer.Output;

namespace SliceExplorer.Explorer;

/// <summary>What the watch step saw: changes of Services (a Service appeared, changed, or lost its last slice).</summary>
internal sealed record WatchResult(int Added, int Modified, int Deleted, bool CaughtUp)
{
    public int Changes => Added + Modified + Deleted;
}

/// <summary>
/// Prints the view's changes per Service as they happen while the informer watches (from the list's
/// resourceVersion, so nothing between the list and the watch is missed). Each line compares a Service with the state
/// last printed for it (the table, or the line before). With the embedded server, its churn runs meanwhile; the watch
/// ends when the time is up and the view has seen the churn's last write.
/// </summary>
internal static class WatchStep
{
    /// <summary>How long to wait past the window for the last churn event to arrive.</summary>
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(10);

    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";

    public static async Task<WatchResult> RunAsync(
        EndpointCache cache,
        IReadOnlyList<ServiceSummary> table,
        TimeSpan window,
        ChurnSimulator? churn,
        SliceController? controller,
        Terminal terminal,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var shown = new Dictionary<ServiceKey, ServiceEndpoints>();
        foreach (ServiceSummary row in table)
        {
            if (cache.View.Get(row.Namespace, row.Service) is { } snapshot)
            {
                shown[snapshot.Service] = snapshot;
            }
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        bool caughtUp = true;

        // The churn spreads its steps over the first 70% of the window.
        Task churnTask = Task.CompletedTask;
        if (churn is not null)
        {
            TimeSpan pace = window * 0.7 / Math.Max(1, churn.StepsPerCycle);
            churnTask = churn.RunCycleAsync(pace, phase => terminal.WriteLine("   ~ server: " + phase, Tone.Dim), stop.Token);
        }

        Task stopper = StopAsync();
        terminal.WriteLine(ChangeHeader, Tone.Heading);
        try
        {
            // First every Service's current snapshot (those equal to the table are skipped), then each change,
            // coalesced per Service while this loop is busy printing.
            await foreach (ServiceEndpointsChange change in cache.View.ChangesAsync(cancellationToken: stop.Token).ConfigureAwait(false))
            {
                shown.TryGetValue(change.Service, out ServiceEndpoints? before);
                if (change.Current is null ? before is null : change.Current.Equals(before))
                {
                    continue;
                }

                string type = before is null ? Added : change.Current is null ? Deleted : Modified;
                if (change.Current is null)
                {
                    shown.Remove(change.Service);
                }
                else
                {
                    shown[change.Service] = change.Current;
                }

                counts[type] = counts.GetValueOrDefault(type) + 1;
                ServiceEndpointsDiff diff = change.Current?.DiffFrom(before) ?? new ServiceEndpointsDiff([], before!.Endpoints, [], !before.Ports.IsEmpty);
                WriteChange(terminal, type, change.Service, change.Current, diff);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The window is over.
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(Task.WhenAny(churnTask), Task.WhenAny(stopper)).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (churnTask.IsFaulted)
        {
            // The simulated controller failed: say so rather than report a quiet watch.
            await churnTask.ConfigureAwait(false);
        }

        var result = new WatchResult(counts.GetValueOrDefault(Added), counts.GetValueOrDefault(Modified), counts.GetValueOrDefault(Deleted), caughtUp);
        terminal.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"   {result.Changes} changes of Services in {window.TotalSeconds:0.#} s: {result.Added} ADDED, {result.Modified} MODIFIED, {result.Deleted} DELETED"));
        if (!caughtUp)
        {
            terminal.WriteLine($"   The view had not seen the server's last change {CatchUpLimit.TotalSeconds:0} s after the window.", Tone.Warn);
        }

        return result;

        async Task StopAsync()
        {
            try
            {
                await Task.Delay(window, stop.Token).ConfigureAwait(false);
                if (churn is null || controller is null)
                {
                    return;
                }

                await Task.WhenAny(churnTask).ConfigureAwait(false);
                long target = controller.LastResourceVersion;
                var waited = Stopwatch.StartNew();
                while (cache.ResourceVersion < target && waited.Elapsed < CatchUpLimit)
                {
                    await Task.Delay(50, stop.Token).ConfigureAwait(false);
                }

                // The view moves its resourceVersion and notifies its subscribers under one lock, so every change up to
                // the target is queued for the loop above; it reads what is queued before it sees the cancellation.
                caughtUp = cache.ResourceVersion >= target;
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    public static readonly string ChangeHeader =
        $"   {"TIME",-12}  {"CHANGE",-8}  {"NAMESPACE/SERVICE",-26}  {"EPS",4}  {"READY",5}  {"SERVING",7}  {"TERM",4}  ENDPOINTS";

    /// <summary>
    /// One line per change of a Service: when, what, which Service, its endpoints now (each address once) and the
    /// difference from before: endpoints added, removed and changed (one per address and port), and "ports" when its
    /// ports changed.
    /// </summary>
    public static string FormatChange(DateTimeOffset time, string type, ServiceKey service, ServiceEndpoints? current, ServiceEndpointsDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        string name = Terminal.Fit(service.ToString(), 26);
        ServiceSummary now = current is null
            ? new ServiceSummary(service.Namespace, service.Name, 0, 0, 0, 0, 0, 0, [], [])
            : ServiceSummaries.Summarise(current);
        string ports = diff.PortsChanged ? " ports" : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"   {time:HH:mm:ss.fff}  {type,-8}  {name,-26}  {now.Endpoints,4}  {now.Ready,5}  {now.Serving,7}  {now.Terminating,4}  +{diff.Added.Length} -{diff.Removed.Length} ~{diff.Changed.Length}{ports}");
    }

    private static void WriteChange(Terminal terminal, string type, ServiceKey service, ServiceEndpoints? current, ServiceEndpointsDiff diff)
    {
        string line = FormatChange(DateTimeOffset.Now, type, service, current, diff);
        Tone tone = type == Added ? Tone.Good : type == Deleted ? Tone.Bad : Tone.Plain;
        // Only the change type is coloured: time and counts stay readable.
        const int TypeStart = 17;
        int typeEnd = Math.Min(line.Length, TypeStart + 8);
        terminal.WriteParts((line[..TypeStart], Tone.Dim), (line[TypeStart..typeEnd], tone), (line[typeEnd..], Tone.Plain));
    }
}
