using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.EndpointSlices;
using SliceClientGen.Runtime.Informers;
using SliceExplorer.Output;

namespace SliceExplorer.Explorer;

/// <summary>
/// The sample's EndpointSlice cache: an <see cref="Informer{T}"/> (list in pages, then watch; relist after 410 Gone)
/// and the per-Service <see cref="ServiceEndpointsView"/> on it, from SliceClientGen.EndpointSlices. The informer's
/// source is the generated client's list and watch methods, as the generated <c>Create…Informer</c> factory binds
/// them, plus a progress line per page of the first list.
/// </summary>
internal sealed class EndpointCache : IAsyncDisposable
{
    private EndpointCache(Informer<EndpointSlice> informer, ServiceEndpointsView view)
    {
        Informer = informer;
        View = view;
    }

    public Informer<EndpointSlice> Informer { get; }

    public ServiceEndpointsView View { get; }

    /// <summary>The resourceVersion the view is current at (the embedded server's are numbers), or 0.</summary>
    public long ResourceVersion => long.TryParse(View.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : 0;

    /// <summary>The per-Service table rows, from the view (and the informer's slices for the duplicate count).</summary>
    public IReadOnlyList<ServiceSummary> Summarise() => ServiceSummaries.Summarise(View, Informer.List());

    /// <summary>
    /// Starts the informer with a paged list (pages of <paramref name="pageSize"/>, a progress line per page) and
    /// returns once the first complete list is in the cache and the view. A failure of that first list (an unreachable
    /// server, refused credentials) ends the sync with its exception instead of being retried in the background.
    /// </summary>
    public static async Task<EndpointCache> SyncAsync(DiscoveryV1Client client, string? @namespace, int pageSize, Terminal terminal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(terminal);
        var progress = new ListProgress();
        var options = new InformerOptions<EndpointSlice>
        {
            // A streaming list would send the whole state in one response; the sample shows the paging instead.
            UseStreamingList = false,
            PageSize = pageSize,
            Transform = EndpointSliceInformers.Compact,
            Name = "sliceexplorer",
        };
        var informer = new Informer<EndpointSlice>(Source(client, @namespace, progress), options);
        var cache = new EndpointCache(informer, informer.CreateServiceView());
        var clock = Stopwatch.StartNew();
        try
        {
            await terminal.ShowProgressAsync("   listing…", async report =>
            {
                progress.Report = report;
                await informer.StartAsync(cancellationToken).ConfigureAwait(false);
                Task synced = informer.WaitForSyncAsync(cancellationToken);
                await Task.WhenAny(synced, progress.Failure).ConfigureAwait(false);
                if (!synced.IsCompleted)
                {
                    await progress.Failure.ConfigureAwait(false);
                }

                await synced.ConfigureAwait(false);
                return progress.Pages;
            }).ConfigureAwait(false);
        }
        catch
        {
            await cache.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        terminal.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"   Listed {informer.Count} slices in {progress.Pages} pages of up to {pageSize} at resourceVersion {informer.ResourceVersion ?? "?"} ({clock.Elapsed.TotalSeconds:0.00} s)"));
        if (cache.View.IgnoredSlices is > 0 and int ignored)
        {
            terminal.WriteLine($"   {ignored} slices have no {ServiceEndpointsView.ServiceNameLabel} label: the view leaves them out.", Tone.Dim);
        }

        return cache;
    }

    public async ValueTask DisposeAsync()
    {
        View.Dispose();
        await Informer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The generated list and watch methods of one namespace or all, with the first list's pages reported.</summary>
    private static ListWatch<EndpointSlice> Source(DiscoveryV1Client client, string? @namespace, ListProgress progress) => new(
        async (request, cancellationToken) =>
        {
            EndpointSliceList page;
            try
            {
                page = @namespace is null
                    ? await client.ListDiscoveryV1EndpointSliceForAllNamespacesAsync(
                        @continue: request.Continue, limit: request.Limit, resourceVersion: request.ResourceVersion, resourceVersionMatch: request.ResourceVersionMatch, cancellationToken: cancellationToken).ConfigureAwait(false)
                    : await client.ListDiscoveryV1NamespacedEndpointSliceAsync(
                        @namespace, @continue: request.Continue, limit: request.Limit, resourceVersion: request.ResourceVersion, resourceVersionMatch: request.ResourceVersionMatch, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                progress.Fail(e);
                throw;
            }

            progress.Page(request.Continue is null, page);
            return new ListPage<EndpointSlice>(page.Items, page.Metadata?.ResourceVersion, page.Metadata?.Continue);
        },
        (request, cancellationToken) => @namespace is null
            ? client.WatchDiscoveryV1EndpointSliceForAllNamespacesAsync(
                allowWatchBookmarks: true, resourceVersion: request.ResourceVersion, resourceVersionMatch: request.ResourceVersionMatch, sendInitialEvents: request.SendInitialEvents, watchOptions: request.Options, cancellationToken: cancellationToken)
            : client.WatchDiscoveryV1NamespacedEndpointSliceAsync(
                @namespace, allowWatchBookmarks: true, resourceVersion: request.ResourceVersion, resourceVersionMatch: request.ResourceVersionMatch, sendInitialEvents: request.SendInitialEvents, watchOptions: request.Options, cancellationToken: cancellationToken),
        static slice => slice.Metadata?.Namespace,
        static slice => slice.Metadata?.Name,
        static slice => slice.Metadata?.ResourceVersion,
        static slice => slice.Metadata?.Labels,
        "endpointslices");

    /// <summary>Progress of the first list: a line per page until it is complete, and its first failure.</summary>
    private sealed class ListProgress
    {
        private readonly TaskCompletionSource _failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _slices;

        public Action<string>? Report { get; set; }

        /// <summary>Faults with the first list's first failure (never completes otherwise).</summary>
        public Task Failure => _failure.Task;

        public int Pages { get; private set; }

        public void Fail(Exception exception)
        {
            if (Report is not null)
            {
                _failure.TrySetException(exception);
            }
        }

        public void Page(bool first, EndpointSliceList page)
        {
            if (Report is not { } report)
            {
                return;
            }

            if (first)
            {
                (Pages, _slices) = (0, 0);
            }

            Pages++;
            _slices += page.Items.Count;
            int endpoints = page.Items.Sum(slice => slice.Endpoints.Count);
            string remaining = page.Metadata?.RemainingItemCount is { } left ? $", {left} to go" : string.Empty;
            report(string.Create(
                CultureInfo.InvariantCulture,
                $"   page {Pages,3}: {page.Items.Count,4} slices, {endpoints,5} endpoints; {_slices} slices so far{remaining}"));
            if (string.IsNullOrEmpty(page.Metadata?.Continue))
            {
                // The list is complete: later relists (after 410 Gone) are the informer's business, not the sample's output.
                Report = null;
            }
        }
    }
}
