using System.Diagnostics;
using System.Text;
using SliceClientGen.Testing.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Testing.Tests;

/// <summary>kubectl, a real Kubernetes client, against the embedded server (skipped where kubectl is not installed).</summary>
public sealed class KubectlTests
{
    [Fact]
    public async Task Kubectl_lists_all_namespaces_in_chunks()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.UseTls = true);
        for (int i = 0; i < 20; i++)
        {
            server.Seed(i % 2 == 0 ? "shop" : "data", $"web-{i:D2}");
        }

        string kubeconfig = server.Server.WriteKubeConfig(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "config"));
        (int exit, string output, string error) = await RunKubectlAsync(kubeconfig, "get", "endpointslices", "-A", "--chunk-size=7", "-v=6");
        Assert.True(exit == 0, error);
        Assert.Equal(21, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    internal static async Task<(int Exit, string Output, string Error)> RunKubectlAsync(string kubeconfig, params string[] args)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--kubeconfig=" + kubeconfig);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
