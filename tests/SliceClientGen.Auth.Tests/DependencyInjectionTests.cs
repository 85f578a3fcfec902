using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using SliceClientGen.Auth.Tests.Infrastructure;
using SliceClientGen.Auth.Tests.Kube;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;

namespace SliceClientGen.Auth.Tests;

/// <summary><c>services.AddEndpointSlicesClient().UseClusterConfiguration(configuration)</c> resolved from a real ServiceProvider.</summary>
public sealed class DependencyInjectionTests
{
    private static TestCertificates Certs => TestCertificates.Shared;

    [Fact]
    public async Task UseClusterConfiguration_resolves_a_client_that_reaches_the_mutual_TLS_server_with_the_token()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server, clientCertificateAuthority: Certs.Ca);
        var configuration = new ClusterConfiguration(server.BaseAddress, BearerTokenSource.FromToken("di-token"), new TlsMaterial(
            PemSource.FromText(Certs.ClientRsa.CertificatePem),
            PemSource.FromText(Certs.ClientRsa.KeyPem(KeyFormat.Pkcs8)),
            PemSource.FromText(Certs.Ca.CertificatePem)));
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient().UseClusterConfiguration(configuration);
        await using ServiceProvider provider = services.BuildServiceProvider();

        EndpointSliceList list = await provider.GetRequiredService<EndpointSlicesClient>().ListAsync().Within();

        Assert.Empty(list.Items);
        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("Bearer di-token", request.Authorization);
        Assert.Equal(Certs.ClientRsa.Subject, request.ClientCertificate);
    }

    [Fact]
    public async Task UseClusterConfiguration_renews_an_exec_plugin_certificate_the_server_refuses_and_logs_the_renewal()
    {
        using var state = new TempDirectory();
        ExecPlugin.SetCertificate(state.Path, 1, Certs.ClientRsa);
        ExecPlugin.SetCertificate(state.Path, 2, Certs.ClientRsaRenewed);
        var plugin = new ExecCredentialTokenSource(ExecPlugin.Path, null, ExecPlugin.Environment(state.Path, "certificate"));
        await using LoopbackServer server = await LoopbackServer.StartAsync(new LoopbackServerOptions { Certificate = Certs.Server, ClientCertificateAuthority = Certs.Ca, CloseConnections = true });
        var services = new ServiceCollection();
        services.AddFakeLogging();
        services.AddEndpointSlicesClient().UseClusterConfiguration(
            new ClusterConfiguration(server.BaseAddress, plugin, TlsMaterial.FromExecPlugin(plugin, PemSource.FromText(Certs.Ca.CertificatePem, "test CA"))));
        await using ServiceProvider provider = services.BuildServiceProvider();
        await provider.GetRequiredService<EndpointSlicesClient>().ListAsync().Within();

        server.RefuseClientCertificate(Certs.ClientRsa);
        await provider.GetRequiredService<EndpointSlicesClient>().ListAsync().Within();

        Assert.Equal(["client-rsa", "client-rsa-renewed"], server.Requests.Select(r => r.ClientCertificateName));
        string renewal = Assert.Single(provider.GetFakeLogCollector().GetSnapshot(), r => r.Id.Name == "ClientCertificateRenewed").Message;
        Assert.Contains("CN=client-rsa,", renewal, StringComparison.Ordinal);
        Assert.Contains("CN=client-rsa-renewed", renewal, StringComparison.Ordinal);
        Assert.DoesNotContain(Certs.ClientRsaRenewed.KeyMaterial, renewal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseClusterConfiguration_sends_requests_after_a_client_certificate_rotation_over_a_new_HTTP2_connection_with_the_new_certificate()
    {
        using var directory = new TempDirectory();
        var clock = Fakes.Clock();
        string certificate = directory.Write("client.crt", Certs.ClientRsa.CertificatePem);
        string key = directory.Write("client.key", Certs.ClientRsa.KeyPem());
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server, clientCertificateAuthority: Certs.Ca);
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient().UseClusterConfiguration(new ClusterConfiguration(server.BaseAddress, tls: new TlsMaterial(
            PemSource.FromFile(certificate), PemSource.FromFile(key), PemSource.FromText(Certs.Ca.CertificatePem), reloadInterval: TimeSpan.FromMinutes(5), timeProvider: clock)));
        await using ServiceProvider provider = services.BuildServiceProvider();
        EndpointSlicesClient client = provider.GetRequiredService<EndpointSlicesClient>();
        await client.ListAsync().Within();

        File.WriteAllText(certificate, Certs.ClientRsaRenewed.CertificatePem);
        File.WriteAllText(key, Certs.ClientRsaRenewed.KeyPem());
        clock.Advance(TimeSpan.FromMinutes(5));
        await client.ListAsync().Within();

        Assert.Equal(["client-rsa", "client-rsa-renewed"], server.Requests.Select(r => r.ClientCertificateName));
        Assert.All(server.Requests, r => Assert.Equal("HTTP/2", r.Protocol));
        await server.ConnectionClosed(server.Requests[0].ConnectionId).Within();
    }

    [Fact]
    public async Task UseClusterConfiguration_sends_the_skip_verify_warning_to_the_registered_logger_factory_once()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.ServerFromOtherCa);
        using var directory = new TempDirectory();
        string path = directory.Write("config", KubeConfigs.Single(server.BaseAddress, new[] { "insecure-skip-tls-verify: true" }, Array.Empty<string>()));
        var services = new ServiceCollection();
        services.AddFakeLogging();
        services.AddEndpointSlicesClient().UseClusterConfiguration(ClusterConfiguration.FromKubeConfig(path));
        await using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<EndpointSlicesClient>().ListAsync().Within();
        await provider.GetRequiredService<EndpointSlicesClient>().ListAsync().Within();

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal("TlsVerificationDisabled", Assert.Single(provider.GetFakeLogCollector().Warnings()).Id.Name);
    }

    [Fact]
    public async Task UseClusterConfiguration_explains_a_rejected_server_certificate()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.ServerFromOtherCa);
        var config = new ClusterConfiguration(server.BaseAddress, tls: new TlsMaterial(certificateAuthorities: PemSource.FromText(Certs.Ca.CertificatePem, "cluster CA")));
        var services = new ServiceCollection();
        services.AddHttpClient("cluster").UseClusterConfiguration(config);
        using ServiceProvider provider = services.BuildServiceProvider();
        HttpClient http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("cluster");

        HttpRequestException error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("api"));

        Assert.Contains("does not chain to the cluster's certificate authority (cluster CA)", error.Message);
    }
}
