using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using SliceExplorer.Kube;
using SliceExplorer.Output;

namespace SliceExplorer.Explorer;

/// <summary>What the list step found.</summary>
internal sealed record ListResult(ServiceCatalog Catalog, string? ResourceVersion, int Pages);

/// <summary>
/// Lists the EndpointSlices in pages (the generated <c>Enumerate…PagesAsync</c> follows the continue tokens and
/// asks for the next page only when the previous one is consumed), showing progress as pages arrive.
/// </summary>
internal static class ListStep
{
    public static async Task<ListResult> RunAsync(EndpointSlicesClient client, string? @namespace, int pageSize, Terminal terminal, CancellationToken cancellationToken)
    {
        var catalog = new ServiceCatalog();
        string? resourceVersion = null;
        int pages = 0;
        var clock = Stopwatch.StartNew();
        IAsyncEnumerable<EndpointSliceList> allPages = @namespace is null
            ? client.EnumerateEndpointSlicesAllNamespacesPagesAsync(pageSize: pageSize, cancellationToken: cancellationToken)
            : client.EnumerateNamespacedEndpointSlicesPagesAsync(@namespace, pageSize: pageSize, cancellationToken: cancellationToken);
        await terminal.ShowProgressAsync("   listing…", async report =>
        {
            await foreach (EndpointSliceList page in allPages.ConfigureAwait(false))
            {
                pages++;
                // Every page of one list comes from the same snapshot: the first page's resourceVersion is the list's.
                resourceVersion ??= page.Metadata?.ResourceVersion;
                int endpoints = 0;
                foreach (EndpointSlice slice in page.Items)
                {
                    catalog.Add(slice);
                    endpoints += slice.Endpoints.Count;
                }

                string remaining = page.Metadata?.RemainingItemCount is { } left ? $", {left} to go" : string.Empty;
                report(string.Create(
                    CultureInfo.InvariantCulture,
                    $"   page {pages,3}: {page.Items.Count,4} slices, {endpoints,5} endpoints; {catalog.SliceCount} slices so far{remaining}"));
            }

            return pages;
        }).ConfigureAwait(false);

        terminal.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"   Listed {catalog.SliceCount} slices in {pages} pages of up to {pageSize} at resourceVersion {resourceVersion ?? "?"} ({clock.Elapsed.TotalSeconds:0.00} s)"));
        return new ListResult(catalog, resourceVersion, pages);
    }
}
