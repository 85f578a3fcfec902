using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
        await using TestServer server = await TestServer.StartHttpsAsync(Certs.Server, clientCertificateAuthority: Certs.Ca);
        var configuration = new ClusterConfiguration(server.BaseAddress, BearerTokenSource.FromToken("di-token"), new TlsMaterial(
            PemSource.FromText(Certs.ClientRsa.CertificatePem),
            PemSource.FromText(Certs.ClientRsa.KeyPem(KeyFormat.Pkcs8)),
            PemSource.FromText(Certs.Ca.CertificatePem)));
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient().UseClusterConfiguration(configuration);
        await using ServiceProvider provider = services.BuildServiceProvider();

        EndpointSliceList list = await provider.GetRequiredService<EndpointSlicesClient>().ListAsync().Within();

        Assert.Empty(list.Items);
        SeenRequest request = Assert.Single(server.Requests);
        Assert.Equal("Bearer di-token", request.Authorization);
        Assert.Equal(Certs.ClientRsa.Subject, request.ClientCertificate);
    }

    [Fact]
    public async Task UseClusterConfiguration_sends_the_skip_verify_warning_to_the_registered_logger_factory_once()
    {
        await using TestServer server = await TestServer.StartHttpsAsync(Certs.ServerFromOtherCa);
        using var directory = new TempDirectory();
        string path = directory.Write("config", KubeConfigs.Single(server.BaseAddress, new[] { "insecure-skip-tls-verify: true" }, Array.Empty<string>()));
        var logger = new ListLogger();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(new SingleLoggerProvider(logger)));
        services.AddEndpointSlicesClient().UseClusterConfiguration(ClusterConfiguration.FromKubeConfig(path));
        await using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<EndpointSlicesClient>().ListAsync().Within();
        await provider.GetRequiredService<EndpointSlicesClient>().ListAsync().Within();

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal("TlsVerificationDisabled", Assert.Single(logger.Warnings).EventName);
    }

    private sealed class SingleLoggerProvider(ILogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
