using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Watch;
using SliceExplorer.Cluster;
using SliceExplorer.Kube;
using SliceExplorer.Output;

namespace SliceExplorer.Explorer;

/// <summary>What the watch step saw.</summary>
internal sealed record WatchResult(int Added, int Modified, int Deleted, int Bookmarks, bool CaughtUp)
{
    /// <summary>ADDED, MODIFIED and DELETED events (bookmarks only move the resume point).</summary>
    public int Changes => Added + Modified + Deleted;
}

/// <summary>
/// Watches from the list's resourceVersion (so nothing between the list and the watch is missed) and applies each
/// event to the catalog. With the embedded server, its churn runs meanwhile; the watch ends when the time is up
/// and it has seen the churn's last write.
/// </summary>
internal static class WatchStep
{
    /// <summary>How long to wait past the window for the last churn event to arrive.</summary>
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(10);

    public static async Task<WatchResult> RunAsync(
        EndpointSlicesClient client,
        string? @namespace,
        ListResult list,
        TimeSpan window,
        ChurnSimulator? churn,
        SliceController? controller,
        Terminal terminal,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long seen = list.Catalog.LatestResourceVersion;
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
        terminal.WriteLine(EventHeader, Tone.Heading);
        try
        {
            IAsyncEnumerable<WatchEvent<EndpointSlice>> events = @namespace is null
                ? client.WatchEndpointSlicesAllNamespacesAsync(resourceVersion: list.ResourceVersion, allowWatchBookmarks: true, cancellationToken: stop.Token)
                : client.WatchNamespacedEndpointSlicesAsync(@namespace, resourceVersion: list.ResourceVersion, allowWatchBookmarks: true, cancellationToken: stop.Token);
            await foreach (WatchEvent<EndpointSlice> change in events.ConfigureAwait(false))
            {
                list.Catalog.Apply(change);
                Interlocked.Exchange(ref seen, list.Catalog.LatestResourceVersion);
                counts[change.Type.Value] = counts.GetValueOrDefault(change.Type.Value) + 1;
                WriteEvent(terminal, change);
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

        var result = new WatchResult(
            counts.GetValueOrDefault(WatchEventType.Added.Value),
            counts.GetValueOrDefault(WatchEventType.Modified.Value),
            counts.GetValueOrDefault(WatchEventType.Deleted.Value),
            counts.GetValueOrDefault(WatchEventType.Bookmark.Value),
            caughtUp);
        string bookmarks = result.Bookmarks > 0 ? string.Create(CultureInfo.InvariantCulture, $", {result.Bookmarks} BOOKMARK") : string.Empty;
        terminal.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"   {result.Changes} events in {window.TotalSeconds:0.#} s: {result.Added} ADDED, {result.Modified} MODIFIED, {result.Deleted} DELETED{bookmarks}"));
        if (!caughtUp)
        {
            terminal.WriteLine($"   The watch had not seen the server's last change {CatchUpLimit.TotalSeconds:0} s after the window.", Tone.Warn);
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
                while (Interlocked.Read(ref seen) < target && waited.Elapsed < CatchUpLimit)
                {
                    await Task.Delay(50, stop.Token).ConfigureAwait(false);
                }

                caughtUp = Interlocked.Read(ref seen) >= target;
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    public static readonly string EventHeader =
        $"   {"TIME",-12}  {"EVENT",-8}  {"NAMESPACE/SLICE",-36}  {"EPS",4}  {"READY",5}  {"SERVING",7}  {"TERM",4}";

    /// <summary>One line per event: when, what, which slice, and its endpoint counts.</summary>
    public static string FormatEvent(DateTimeOffset time, WatchEvent<EndpointSlice> change)
    {
        EndpointSlice slice = change.Object;
        string name = Terminal.Fit(ServiceCatalog.KeyOf(slice), 36);
        if (change.Type == WatchEventType.Bookmark)
        {
            return string.Create(CultureInfo.InvariantCulture, $"   {time:HH:mm:ss.fff}  {change.Type.Value,-8}  resourceVersion {change.ResourceVersion}");
        }

        IList<Endpoint> endpoints = slice.Endpoints;
        int ready = endpoints.Count(e => e.Conditions?.Ready ?? true);
        int serving = endpoints.Count(e => e.Conditions?.Serving ?? e.Conditions?.Ready ?? true);
        int terminating = endpoints.Count(e => e.Conditions?.Terminating ?? false);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"   {time:HH:mm:ss.fff}  {change.Type.Value,-8}  {name,-36}  {endpoints.Count,4}  {ready,5}  {serving,7}  {terminating,4}");
    }

    private static void WriteEvent(Terminal terminal, WatchEvent<EndpointSlice> change)
    {
        string line = FormatEvent(DateTimeOffset.Now, change);
        Tone tone = change.Type == WatchEventType.Added ? Tone.Good
            : change.Type == WatchEventType.Deleted ? Tone.Bad
            : change.Type == WatchEventType.Bookmark ? Tone.Dim
            : Tone.Plain;
        // Only the event type is coloured: time and counts stay readable.
        const int TypeStart = 17;
        int typeEnd = Math.Min(line.Length, TypeStart + 8);
        terminal.WriteParts((line[..TypeStart], Tone.Dim), (line[TypeStart..typeEnd], tone), (line[typeEnd..], Tone.Plain));
    }
}
