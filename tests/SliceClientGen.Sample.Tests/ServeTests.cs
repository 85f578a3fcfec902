using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Sample.Tests.Infrastructure;
using SliceExplorer.Kube;
using Xunit;

namespace SliceClientGen.Sample.Tests;

/// <summary>A sample started with --serve: the seeded embedded server alone, its URL and kubeconfig printed.</summary>
public sealed class ServedCluster : IAsyncLifetime
{
    private SampleProcess? _process;

    public string Server { get; private set; } = string.Empty;

    public string KubeConfig { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _process = SampleProcess.Start("--serve");
        Server = Value(await _process.WaitForLineAsync(line => line.StartsWith("Server:", StringComparison.Ordinal), TimeSpan.FromMinutes(1)));
        KubeConfig = Value(await _process.WaitForLineAsync(line => line.StartsWith("Kubeconfig:", StringComparison.Ordinal), TimeSpan.FromSeconds(10)));
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private static string Value(string line) => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
}

/// <summary>
/// --serve as a local fake cluster: what it prints, that its kubeconfig works for any client (the sample's own
/// real-cluster path included), and that SIGTERM stops it cleanly.
/// </summary>
public sealed class ServeTests : IClassFixture<ServedCluster>
{
    private readonly ServedCluster _served;

    public ServeTests(ServedCluster served) => _served = served;

    [Fact]
    public void Serve_prints_an_https_loopback_URL_and_the_path_of_a_kubeconfig_for_it()
    {
        Assert.Matches(@"^https://127\.0\.0\.1:\d+/$", _served.Server);
        Assert.True(File.Exists(_served.KubeConfig), _served.KubeConfig);
    }

    [Fact]
    public async Task The_printed_kubeconfig_connects_a_client_with_TLS_and_the_token()
    {
        ClusterConfiguration configuration = ClusterConfiguration.FromKubeConfig(_served.KubeConfig);
        using HttpClient http = configuration.CreateHttpClient();
        var client = new EndpointSlicesClient(http);

        EndpointSliceList list = await client.ListNamespacedEndpointSlicesAsync("shop", labelSelector: "kubernetes.io/service-name=web");

        Assert.Equal(new Uri(_served.Server), configuration.Server);
        Assert.Equal(10, list.Items.Count);
    }

    [Fact]
    public async Task Against_a_real_cluster_the_sample_reads_and_skips_the_writes()
    {
        SampleOutput run = await SampleProcess.RunAsync(TimeSpan.FromMinutes(2), "--kubeconfig", _served.KubeConfig, "--watch-seconds", "2");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(run.Lines, line => line.StartsWith("5. Writes skipped", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Lines, line => line.StartsWith("   create ", StringComparison.Ordinal));
        Assert.Contains(run.Lines, line => line.StartsWith("   404 ", StringComparison.Ordinal));
        Assert.Matches(@"^Summary: \d+ slices, \d+ endpoints, 20 services, \d+ events seen", run.Lines.Last(line => line.Length > 0));
    }

    [Fact]
    public async Task With_allow_writes_a_real_cluster_gets_the_write_tour_in_the_chosen_namespace()
    {
        SampleOutput run = await SampleProcess.RunAsync(
            TimeSpan.FromMinutes(2), "--kubeconfig", _served.KubeConfig, "--allow-writes", "-n", "payments", "--watch-seconds", "0");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(run.Lines, line => line.StartsWith("5. Writes in namespace payments", StringComparison.Ordinal));
        Assert.Contains(run.Lines, line => Regex.IsMatch(line, @"^   422 +POST .*Status 422 Invalid"));
        Assert.Matches(@"^Summary: \d+ slices, \d+ endpoints, 4 services, 0 events seen", run.Lines.Last(line => line.Length > 0));
    }

    [Fact]
    public async Task SIGTERM_stops_the_server_with_exit_0_and_deletes_its_kubeconfig()
    {
        await using SampleProcess serve = SampleProcess.Start("--serve");
        string line = await serve.WaitForLineAsync(l => l.StartsWith("Kubeconfig:", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
        string kubeConfig = line["Kubeconfig:".Length..].Trim();
        Assert.True(File.Exists(kubeConfig));

        serve.Signal(PosixSignal.SIGTERM);
        SampleOutput output = await serve.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(output.ExitCode == 0, output.ToString());
        Assert.False(File.Exists(kubeConfig));
        Assert.Contains(output.Lines, l => l.StartsWith("Stopped after", StringComparison.Ordinal));
    }
}
