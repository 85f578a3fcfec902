using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Runtime.Tests;

/// <summary>UseClusterConfiguration on the IHttpClientBuilder that generated Add…Client methods return.</summary>
public sealed class DependencyInjectionTests
{
    private static readonly TestPki Pki = TestPki.Shared;

    [Fact]
    public async Task UseClusterConfiguration_sets_the_base_address_the_TLS_handler_and_the_bearer_token()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate, Pki.ClusterCa.Certificate, TlsTestServer.AcceptTokens("di-token"));
        var config = new ClusterConfiguration(
            server.Address,
            BearerTokenSource.FromToken("di-token"),
            new TlsMaterial(PemSource.FromText(Pki.ClientEc.CertificatePem), PemSource.FromText(Pki.ClientEc.KeyPem), PemSource.FromText(Pki.ClusterCa.CertificatePem)));
        var services = new ServiceCollection();
        services.AddHttpClient("cluster").UseClusterConfiguration(config);
        using ServiceProvider provider = services.BuildServiceProvider();

        HttpClient http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("cluster");
        HttpResponseMessage response = await http.GetAsync("apis/discovery.k8s.io/v1/endpointslices");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(server.Address, http.BaseAddress);
        SeenRequest seen = Assert.Single(server.Requests);
        Assert.Equal(("Bearer di-token", "client-ec"), (seen.Authorization, seen.ClientSubject));
    }

    [Fact]
    public async Task UseClusterConfiguration_explains_a_rejected_server_certificate()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.ServerFromOtherCa.Certificate);
        var config = new ClusterConfiguration(server.Address, tls: new TlsMaterial(certificateAuthorities: PemSource.FromText(Pki.ClusterCa.CertificatePem, "cluster CA")));
        var services = new ServiceCollection();
        services.AddHttpClient("cluster").UseClusterConfiguration(config);
        using ServiceProvider provider = services.BuildServiceProvider();
        HttpClient http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("cluster");

        HttpRequestException error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("api"));

        Assert.Contains("does not chain to the cluster's certificate authority (cluster CA)", error.Message);
    }
}
