using SliceClientGen.Auth.Tests.Infrastructure;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Auth.Tests;

/// <summary>Bearer tokens on the wire, over TLS to the test server, and what a 401 does.</summary>
public sealed class BearerTokenTests
{
    private static TestCertificates Certs => TestCertificates.Shared;

    internal static ClusterConfiguration Over(TestServer server, BearerTokenSource token) =>
        new(server.BaseAddress, token, new TlsMaterial(certificateAuthorities: PemSource.FromText(Certs.Ca.CertificatePem, "test CA")));

    [Fact]
    public async Task A_static_token_is_sent_as_Authorization_Bearer()
    {
        await using TestServer server = await TestServer.StartHttpsAsync(Certs.Server);

        await Clients.Kube(Over(server, BearerTokenSource.FromToken("x"))).ListAsync().Within();

        Assert.Equal("Bearer x", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task The_token_of_a_kubeconfig_user_is_sent_as_Authorization_Bearer()
    {
        await using TestServer server = await TestServer.StartHttpsAsync(Certs.Server);
        using var directory = new TempDirectory();
        string path = directory.Write("config", KubeConfigs.Single(server.BaseAddress, KubeConfigs.TrustTestCa, new[] { "token: kubeconfig-token" }));

        await Clients.Kube(ClusterConfiguration.FromKubeConfig(path)).ListAsync().Within();

        Assert.Equal("Bearer kubeconfig-token", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task A_401_with_a_fixed_token_is_not_retried_because_no_newer_token_exists()
    {
        await using TestServer server = await TestServer.StartHttpsAsync(Certs.Server);
        server.Handler = Responses.Unauthorized;

        ApiException e = await Assert.ThrowsAnyAsync<ApiException>(() => Clients.Kube(Over(server, BearerTokenSource.FromToken("x"))).ListAsync().Within());

        Assert.Equal(401, (int)e.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_401_refreshes_the_token_once_and_retries_once_with_the_new_token()
    {
        await using TestServer server = await TestServer.StartHttpsAsync(Certs.Server);
        server.Handler = Responses.RejectTokens("provided-1");
        var calls = new List<bool>();
        var source = BearerTokenSource.FromProvider((force, _) =>
        {
            lock (calls)
            {
                calls.Add(force);
                return ValueTask.FromResult("provided-" + calls.Count);
            }
        });

        await Clients.Kube(Over(server, source)).ListAsync().Within();

        Assert.Equal(new[] { false, true }, calls);
        Assert.Equal(new[] { "Bearer provided-1", "Bearer provided-2" }, server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_server_that_always_answers_401_gets_exactly_two_requests_not_a_loop()
    {
        await using TestServer server = await TestServer.StartHttpsAsync(Certs.Server);
        server.Handler = Responses.Unauthorized;
        int calls = 0;
        var source = BearerTokenSource.FromProvider((_, _) => ValueTask.FromResult("provided-" + Interlocked.Increment(ref calls)));

        ApiException e = await Assert.ThrowsAnyAsync<ApiException>(() => Clients.Kube(Over(server, source)).ListAsync().Within());

        Assert.Equal(401, (int)e.StatusCode);
        Assert.Equal(new[] { "Bearer provided-1", "Bearer provided-2" }, server.Requests.Select(r => r.Authorization));
        Assert.Equal(2, calls);
    }
}
