namespace SliceExplorer.Cli;

/// <summary>The text of <c>--help</c>; every line fits 100 columns.</summary>
internal static class HelpText
{
    public const string Usage = "Usage: SliceExplorer [options]   (dotnet run --project samples/SliceExplorer -- [options])";

    public const string Text =
        """
        SliceExplorer: the generated EndpointSlice client against a Kubernetes API server.

        With no options it starts an embedded API server seeded with a realistic cluster, connects
        through a kubeconfig it writes (TLS and a bearer token, as for a real cluster), then lists,
        watches and writes EndpointSlices, and prints a one-line summary.

        Cluster:
          --kubeconfig PATH    use this kubeconfig instead of the embedded server
          --context NAME       use this kubeconfig context (default: current-context)
          --in-cluster         use the pod's service account (KUBERNETES_SERVICE_HOST, token, CA)
          --no-embedded        use a real cluster: in a pod the service account, else KUBECONFIG
                               or ~/.kube/config
          --allow-writes       run the create/patch/replace/delete step against a real cluster
                               (without it, a real cluster is only read)

        Steps:
          -n, --namespace NAME list and watch one namespace (default: all); writes go there
          --watch-seconds N    how long to watch for changes (default 10; 0 skips the watch)
          --page-size N        slices per list request (default 10, to show the paging)

        Server only:
          --serve              start the seeded embedded server with simulated churn, print its URL
                               and a kubeconfig for it (kubectl works), serve until Ctrl+C or SIGTERM

          -h, --help           show this text

        Colour is used when the output is a terminal and NO_COLOR is not set.
        Exit codes: 0 done, 1 failed, 2 bad options, 130 interrupted.
        """;
}
