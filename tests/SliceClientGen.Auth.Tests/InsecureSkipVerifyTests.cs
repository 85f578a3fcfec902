using Microsoft.Extensions.Logging.Testing;
using SliceClientGen.Auth.Tests.Infrastructure;
using SliceClientGen.Runtime.Config;

namespace SliceClientGen.Auth.Tests;

/// <summary>kubeconfig <c>insecure-skip-tls-verify: true</c>: the only way verification is turned off, and it says so once.</summary>
public sealed class InsecureSkipVerifyTests
{
    private static TestCertificates Certs => TestCertificates.Shared;

    [Fact]
    public async Task insecure_skip_tls_verify_accepts_a_server_from_an_unknown_CA_and_logs_exactly_one_warning_across_requests()
    {
        // Every response closes its connection, so each request makes a new TLS handshake.
        await using LoopbackServer server = await LoopbackServer.StartAsync(new LoopbackServerOptions { Certificate = Certs.ServerFromOtherCa, CloseConnections = true });
        using var directory = new TempDirectory();
        string path = directory.Write("config", KubeConfigs.Single(server.BaseAddress, new[] { "insecure-skip-tls-verify: true" }, new[] { "token: skip-verify-token" }));
        var logger = new FakeLogger();
        var client = Clients.Kube(ClusterConfiguration.FromKubeConfig(path), logger);

        for (int i = 0; i < 3; i++)
        {
            await client.ListAsync().Within();
        }

        Assert.Equal(3, server.Requests.Count);
        FakeLogRecord warning = Assert.Single(logger.Warnings());
        Assert.Equal("TlsVerificationDisabled", warning.Id.Name);
        Assert.Contains("insecure-skip-tls-verify: true", warning.Message);
    }

    [Fact]
    public void insecure_skip_tls_verify_together_with_a_certificate_authority_is_refused_as_kubectl_does()
    {
        using var directory = new TempDirectory();
        string path = directory.Write("config", KubeConfigs.Single(new Uri("https://127.0.0.1:6443"), KubeConfigs.TrustTestCa.Append("insecure-skip-tls-verify: true"), Array.Empty<string>()));

        KubeConfigException e = Assert.Throws<KubeConfigException>(() => ClusterConfiguration.FromKubeConfig(path));

        Assert.Contains("insecure-skip-tls-verify: true cannot be combined with a certificate authority", e.Message);
    }
}
