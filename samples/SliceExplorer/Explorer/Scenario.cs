using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using SliceExplorer.Cli;
using SliceExplorer.Cluster;
using SliceExplorer.Output;

namespace SliceExplorer.Explorer;

/// <summary>A step did not behave as a Kubernetes API server does; the message says which and how.</summary>
internal sealed class ScenarioException : Exception
{
    public ScenarioException(string message)
        : base(message)
    {
    }
}

/// <summary>The final counts, printed as the last line.</summary>
internal sealed record RunSummary(int Slices, int Endpoints, int Services, int Events, TimeSpan Elapsed)
{
    public const string Prefix = "Summary: ";

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Prefix}{Slices} slices, {Endpoints} endpoints, {Services} services, {Events} events seen, {Elapsed.TotalSeconds:0.0} s elapsed");
}

/// <summary>
/// The whole sample: (1) the embedded server, unless a real cluster is given; (2) connect through a kubeconfig;
/// (3) list in pages into an informer and print the per-Service table from its view; (4) print the view's changes per
/// Service while the server churns, then the table again;
/// (5) the write tour (against a real cluster only with --allow-writes) and the server's 404/422 Status; (6) a
/// one-line summary.
/// </summary>
internal static class Scenario
{
    public static async Task<int> RunAsync(ExplorerOptions options, Terminal terminal, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        terminal.WriteLine("SliceExplorer: the generated EndpointSlice client against a Kubernetes API server", Tone.Heading);

        EmbeddedCluster? embedded = null;
        try
        {
            if (options.UsesEmbeddedServer)
            {
                terminal.Heading("1. Embedded API server");
                embedded = await EmbeddedCluster.StartAsync(cancellationToken).ConfigureAwait(false);
                terminal.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"   {embedded.Server.BaseAddress} (TLS, bearer token); seeded {embedded.Model.Services.Count} services, " +
                    $"{embedded.SeededSlices} slices, {embedded.Model.Services.Sum(s => s.EndpointCount)} endpoints in {embedded.StartUpTime.TotalSeconds:0.00} s"));
            }
            else
            {
                terminal.Heading("1. Real cluster (no embedded server)");
            }

            terminal.Heading("2. Connect");
            using ClusterConnection connection = ClusterConnection.Open(options, embedded?.KubeConfigPath);
            terminal.WriteLine($"   {connection.Source}");
            terminal.WriteLine($"   {connection.Configuration.Server}  context {connection.Configuration.ContextName ?? "-"}  namespace {connection.Configuration.Namespace}");
            terminal.WriteLine($"   credentials: {connection.Configuration.Token?.ToString() ?? "client certificate or none"}", Tone.Dim);

            string scope = options.Namespace is null ? "all namespaces" : "namespace " + options.Namespace;
            terminal.Heading($"3. List EndpointSlices ({scope}, pages of {options.PageSize}) into an informer and the per-Service view");
            await using EndpointCache cache = await EndpointCache.SyncAsync(connection.Discovery, options.Namespace, options.PageSize, terminal, cancellationToken).ConfigureAwait(false);
            string listedAt = cache.Informer.ResourceVersion ?? "?";
            IReadOnlyList<ServiceSummary> services = cache.Summarise();
            terminal.WriteLine();
            ServiceTable.Write(terminal, services);

            WatchResult? watch = null;
            if (options.WatchSeconds > 0)
            {
                ChurnSimulator? churn = embedded?.CreateChurn(options.Namespace);
                terminal.Heading($"4. Watch for {options.WatchSeconds} s from resourceVersion {listedAt}: changes per Service");
                terminal.WriteLine(churn is null
                    ? "   (changes made in the cluster meanwhile show up here)"
                    : "   while the server simulates: " + churn.Describe(), Tone.Dim);
                watch = await WatchStep.RunAsync(
                    cache, services, TimeSpan.FromSeconds(options.WatchSeconds), churn, embedded?.Controller, terminal, cancellationToken)
                    .ConfigureAwait(false);
                services = cache.Summarise();
                terminal.WriteLine();
                terminal.WriteLine("   After the watch (the view, kept current by the informer):", Tone.Dim);
                ServiceTable.Write(terminal, services);
            }
            else
            {
                terminal.Heading("4. Watch skipped (--watch-seconds 0)");
            }

            string writeNamespace = options.Namespace ?? connection.Configuration.Namespace;
            string suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
            var tour = new WriteTour(connection.Client, writeNamespace, terminal);
            if (options.WritesEnabled)
            {
                terminal.Heading($"5. Writes in namespace {writeNamespace}: a slice of the sample's own");
                await tour.RunWritesAsync(WriteTour.ServiceName + "-" + suffix, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                terminal.Heading("5. Writes skipped: a real cluster is only read unless --allow-writes is given");
            }

            await tour.ShowNotFoundAsync(WriteTour.ServiceName + "-missing-" + suffix, cancellationToken).ConfigureAwait(false);
            if (options.WritesEnabled)
            {
                await tour.ShowInvalidAsync(WriteTour.ServiceName + "-invalid-" + suffix, cancellationToken).ConfigureAwait(false);
            }

            if (tour.Failures.Count > 0)
            {
                throw new ScenarioException("the server did not behave as Kubernetes does: " + string.Join("; ", tour.Failures));
            }

            if (watch is { CaughtUp: false })
            {
                throw new ScenarioException("the watch missed the simulated changes (see above)");
            }

            var summary = new RunSummary(
                services.Sum(s => s.Slices), services.Sum(s => s.Endpoints), services.Count, watch?.Changes ?? 0, clock.Elapsed);
            terminal.WriteLine();
            terminal.WriteLine(summary.ToString(), Tone.Good);
            return 0;
        }
        finally
        {
            if (embedded is not null)
            {
                await embedded.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
