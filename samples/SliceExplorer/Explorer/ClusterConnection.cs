using System;
using System.Net.Http;
using SliceClientGen.EndpointSlices;
using SliceClientGen.Runtime.Config;
using SliceExplorer.Cli;
using SliceExplorer.Kube;

namespace SliceExplorer.Explorer;

/// <summary>
/// The generated client, connected the way a real cluster is: a <see cref="ClusterConfiguration"/> from a kubeconfig
/// (the embedded server's, or the user's), the pod's service account, or the default search (in a pod, else
/// KUBECONFIG or ~/.kube/config); its HttpClient verifies the server against the cluster CA and sends the credentials.
/// </summary>
internal sealed class ClusterConnection : IDisposable
{
    private readonly HttpClient _http;

    private ClusterConnection(ClusterConfiguration configuration, string source)
    {
        Configuration = configuration;
        Source = source;
        _http = configuration.CreateHttpClient();
        Client = new EndpointSlicesClient(_http);
        Discovery = new DiscoveryV1Client(_http);
    }

    public ClusterConfiguration Configuration { get; }

    /// <summary>The client generated from the sample's document: paging, writes and the server's Status answers.</summary>
    public EndpointSlicesClient Client { get; }

    /// <summary>SliceClientGen.EndpointSlices' client (generated from the server's discovery.k8s.io/v1 document): the informer behind the per-Service view.</summary>
    public DiscoveryV1Client Discovery { get; }

    /// <summary>Where the configuration came from, for display.</summary>
    public string Source { get; }

    /// <param name="options">The command line.</param>
    /// <param name="embeddedKubeConfig">The embedded server's kubeconfig, when it is the cluster.</param>
    public static ClusterConnection Open(ExplorerOptions options, string? embeddedKubeConfig)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (embeddedKubeConfig is not null)
        {
            return new ClusterConnection(
                ClusterConfiguration.FromKubeConfig(embeddedKubeConfig, Cluster.EmbeddedCluster.ContextName),
                "kubeconfig " + embeddedKubeConfig);
        }

        if (options.InCluster)
        {
            return new ClusterConnection(ClusterConfiguration.InCluster(), "in-cluster service account");
        }

        if (options.KubeConfigPath is not null || options.Context is not null)
        {
            return new ClusterConnection(
                ClusterConfiguration.FromKubeConfig(options.KubeConfigPath, options.Context),
                "kubeconfig " + (options.KubeConfigPath ?? "(KUBECONFIG or ~/.kube/config)"));
        }

        return new ClusterConnection(
            ClusterConfiguration.Default(),
            ClusterConfiguration.IsInCluster() ? "in-cluster service account" : "kubeconfig (KUBECONFIG or ~/.kube/config)");
    }

    public void Dispose() => _http.Dispose();
}
