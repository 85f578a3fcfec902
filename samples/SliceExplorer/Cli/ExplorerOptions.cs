namespace SliceExplorer.Cli;

/// <summary>What the command line asked for. Produced by <see cref="ExplorerCommand.Bind"/>.</summary>
internal sealed record ExplorerOptions
{
    /// <summary>The default length of the watch step.</summary>
    public const int DefaultWatchSeconds = 10;

    /// <summary>The default page size of the list step: small, so that paging is visible on the seeded cluster.</summary>
    public const int DefaultPageSize = 10;

    /// <summary><c>--kubeconfig PATH</c>: the kubeconfig of a real cluster.</summary>
    public string? KubeConfigPath { get; init; }

    /// <summary><c>--context NAME</c>: the kubeconfig context (default: current-context).</summary>
    public string? Context { get; init; }

    /// <summary><c>--in-cluster</c>: the service account of the pod this runs in.</summary>
    public bool InCluster { get; init; }

    /// <summary><c>-n/--namespace NAME</c>: list and watch one namespace (default: all) and write there.</summary>
    public string? Namespace { get; init; }

    /// <summary><c>--watch-seconds N</c>: how long the watch step lasts.</summary>
    public int WatchSeconds { get; init; } = DefaultWatchSeconds;

    /// <summary><c>--page-size N</c>: the <c>limit</c> of each list request.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary><c>--no-embedded</c>: use a real cluster (kubeconfig or in-cluster) instead of the embedded server.</summary>
    public bool NoEmbedded { get; init; }

    /// <summary><c>--serve</c>: only start the seeded embedded server with churn, until Ctrl+C or SIGTERM.</summary>
    public bool Serve { get; init; }

    /// <summary><c>--allow-writes</c>: run the write step against a real cluster too.</summary>
    public bool AllowWrites { get; init; }

    /// <summary>True when the embedded server is the cluster: nothing points at a real one.</summary>
    public bool UsesEmbeddedServer => !NoEmbedded && KubeConfigPath is null && Context is null && !InCluster;

    /// <summary>The write step runs against the embedded server always, against a real cluster only when allowed.</summary>
    public bool WritesEnabled => UsesEmbeddedServer || AllowWrites;
}
