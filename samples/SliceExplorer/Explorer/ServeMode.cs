using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SliceExplorer.Cluster;
using SliceExplorer.Output;

namespace SliceExplorer.Explorer;

/// <summary>
/// <c>--serve</c>: the seeded embedded server alone, with the churn repeating, until Ctrl+C or SIGTERM. A local fake
/// cluster for kubectl or any Kubernetes client: the kubeconfig it prints has the CA, the token and a context.
/// </summary>
internal static class ServeMode
{
    /// <summary>The first line printed, then the URL; tests and scripts read the kubeconfig path from the line after.</summary>
    public const string ServerLinePrefix = "Server:     ";
    public const string KubeConfigLinePrefix = "Kubeconfig: ";

    /// <summary>Time between churn steps while serving.</summary>
    public static readonly TimeSpan Pace = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(Terminal terminal, CancellationToken cancellationToken)
    {
        await using EmbeddedCluster cluster = await EmbeddedCluster.StartAsync(cancellationToken).ConfigureAwait(false);
        terminal.WriteLine("SliceExplorer: embedded Kubernetes API server (Ctrl+C or SIGTERM stops it)", Tone.Heading);
        terminal.WriteLine(ServerLinePrefix + cluster.Server.BaseAddress);
        terminal.WriteLine(KubeConfigLinePrefix + cluster.KubeConfigPath);
        terminal.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Seeded:     {cluster.Model.Services.Count} services, {cluster.SeededSlices} slices, {cluster.Model.Services.Sum(s => s.EndpointCount)} endpoints"));
        terminal.WriteLine();
        terminal.WriteLine("Try:", Tone.Dim);
        terminal.WriteLine($"  export KUBECONFIG={cluster.KubeConfigPath}", Tone.Dim);
        terminal.WriteLine("  kubectl get endpointslices -A --chunk-size=7", Tone.Dim);
        terminal.WriteLine("  kubectl get endpointslices -n shop -w", Tone.Dim);
        terminal.WriteLine($"  dotnet run --project samples/SliceExplorer -- --kubeconfig {cluster.KubeConfigPath}", Tone.Dim);
        terminal.WriteLine("The kubeconfig holds the server's token; it is deleted when the server stops.", Tone.Dim);

        ChurnSimulator? churn = cluster.CreateChurn(null);
        if (churn is null)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        terminal.WriteLine();
        terminal.WriteLine("Churn: " + churn.Describe() + ", repeating", Tone.Dim);
        try
        {
            await churn.RunForeverAsync(
                Pace,
                phase => terminal.WriteLine($"{DateTimeOffset.Now:HH:mm:ss}  {phase}"),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        terminal.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Stopped after {churn.Writes} simulated writes."));
        return 0;
    }
}
