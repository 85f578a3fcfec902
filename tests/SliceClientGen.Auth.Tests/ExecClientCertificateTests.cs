using Microsoft.AspNetCore.Http;
using SliceClientGen.Auth.Tests.Infrastructure;
using SliceClientGen.Auth.Tests.Kube;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Watch;

namespace SliceClientGen.Auth.Tests;

/// <summary>
/// Client certificates printed by an exec credential plugin (<c>clientCertificateData</c>/<c>clientKeyData</c>), used
/// for mutual TLS against a Kestrel server that requires a certificate of the cluster CA. The plugin is the tests'
/// /bin/sh script in certificate mode, printing the certificate set for its run number (rotation); a manual clock
/// decides expiry.
/// </summary>
public sealed class ExecClientCertificateTests : IDisposable
{
    private static readonly DateTimeOffset Start = Fakes.Start;

    private readonly TempDirectory _state = new();
    private readonly FakeTimeProvider _clock = Fakes.Clock();

    private static TestCertificates Certs => TestCertificates.Shared;

    /// <summary>When a certificate that expires in an hour is renewed.</summary>
    private static TimeSpan RenewedBeforeExpiry => ExecCredentialTokenSource.CertificateConnectionLifetime + ExecCredentialTokenSource.ExpiryMargin;

    public void Dispose() => _state.Dispose();

    private ExecCredentialTokenSource Plugin(string mode = "certificate") =>
        new(ExecPlugin.Path, null, ExecPlugin.Environment(_state.Path, mode), timeProvider: _clock);

    /// <summary>The plugin gives the certificate (and would give the token: this one prints none).</summary>
    private static ClusterConfiguration Over(LoopbackServer server, ExecCredentialTokenSource plugin) =>
        new(server.BaseAddress, plugin, TlsMaterial.FromExecPlugin(plugin, PemSource.FromText(Certs.Ca.CertificatePem, "test CA")));

    private static Task<LoopbackServer> RequiringClientCertificatesAsync(bool closeConnections, params Func<HttpContext, Task>[] handlers) =>
        LoopbackServer.StartAsync(new LoopbackServerOptions { Certificate = Certs.Server, ClientCertificateAuthority = Certs.Ca, CloseConnections = closeConnections }, handlers);

    /// <summary>The plugin prints <paramref name="certificates"/> on its runs 1, 2, …, each expiring an hour after <see cref="Start"/>.</summary>
    private void Rotating(params TestCertificate[] certificates)
    {
        for (int i = 0; i < certificates.Length; i++)
        {
            ExecPlugin.SetCertificate(_state.Path, i + 1, certificates[i]);
        }

        ExecPlugin.SetExpiry(_state.Path, Start.AddHours(1));
    }

    [Fact]
    public async Task A_kubeconfig_exec_plugin_that_prints_a_client_certificate_authenticates_by_mutual_TLS_without_a_token()
    {
        await using LoopbackServer server = await RequiringClientCertificatesAsync(closeConnections: false);
        Rotating(Certs.ClientEc);
        string path = _state.Write("config", KubeConfigs.Single(server.BaseAddress, KubeConfigs.TrustTestCa, ExecPlugin.KubeConfigUser(_state.Path, "certificate")));

        ClusterConfiguration configuration = ClusterConfiguration.FromKubeConfig(path);
        await Clients.Kube(configuration).ListAsync().Within();

        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("client-ec", request.ClientCertificateName);
        Assert.Null(request.Authorization);
        Assert.Contains("client certificate: printed by the exec credential plugin", configuration.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Certs.ClientEc.KeyMaterial, configuration.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_certificate_in_the_kubeconfig_wins_over_the_one_the_exec_plugin_prints()
    {
        await using LoopbackServer server = await RequiringClientCertificatesAsync(closeConnections: false);
        Rotating(Certs.ClientEc);
        string path = _state.Write("config", KubeConfigs.Single(
            server.BaseAddress,
            KubeConfigs.TrustTestCa,
            [.. KubeConfigs.ClientCertificateData(Certs.ClientRsa), .. ExecPlugin.KubeConfigUser(_state.Path, "certificate")]));

        await Clients.Kube(ClusterConfiguration.FromKubeConfig(path)).ListAsync().Within();

        Assert.Equal("client-rsa", Assert.Single(server.Requests).ClientCertificateName);
    }

    [Fact]
    public async Task The_certificate_is_renewed_before_its_expirationTimestamp_and_new_connections_use_the_new_one()
    {
        await using LoopbackServer server = await RequiringClientCertificatesAsync(closeConnections: true);
        Rotating(Certs.ClientRsa, Certs.ClientRsaRenewed);
        ExecCredentialTokenSource plugin = Plugin();
        EndpointSlicesClient client = Clients.Kube(Over(server, plugin));

        await client.ListAsync().Within();
        _clock.Advance(TimeSpan.FromHours(1) - RenewedBeforeExpiry - TimeSpan.FromSeconds(1));
        await client.ListAsync().Within();
        _clock.Advance(TimeSpan.FromSeconds(1));
        await client.ListAsync().Within();

        Assert.Equal(["client-rsa", "client-rsa", "client-rsa-renewed"], server.Requests.Select(r => r.ClientCertificateName));
        Assert.All(server.Requests, r => Assert.Equal("HTTP/2", r.Protocol));
        Assert.Equal(2, plugin.Runs);
    }

    [Fact]
    public async Task After_a_TLS_handshake_fails_with_the_certificate_the_plugin_runs_again_and_the_request_is_sent_once_more()
    {
        await using LoopbackServer server = await RequiringClientCertificatesAsync(closeConnections: true);
        Rotating(Certs.ClientRsa, Certs.ClientRsaRenewed);
        ExecCredentialTokenSource plugin = Plugin();
        EndpointSlicesClient client = Clients.Kube(Over(server, plugin));
        await client.ListAsync().Within();

        // Revoked long before its expirationTimestamp.
        server.RefuseClientCertificate(Certs.ClientRsa);
        await client.ListAsync().Within();

        Assert.Equal(["client-rsa", "client-rsa-renewed"], server.Requests.Select(r => r.ClientCertificateName));
        Assert.All(server.Requests, r => Assert.Equal("HTTP/2", r.Protocol));
        Assert.Equal(2, plugin.Runs);
    }

    [Fact]
    public async Task Over_HTTP11_too_a_refused_certificate_is_renewed_and_the_request_sent_once_more()
    {
        await using LoopbackServer server = await RequiringClientCertificatesAsync(closeConnections: true);
        Rotating(Certs.ClientRsa, Certs.ClientRsaRenewed);
        ExecCredentialTokenSource plugin = Plugin();
        EndpointSlicesClient client = Clients.Kube(new ClusterConfiguration(server.BaseAddress, plugin, TlsMaterial.FromExecPlugin(plugin, PemSource.FromText(Certs.Ca.CertificatePem, "test CA"))) { PreferHttp2 = false });
        await client.ListAsync().Within();

        server.RefuseClientCertificate(Certs.ClientRsa);
        await client.ListAsync().Within();

        Assert.Equal(["client-rsa", "client-rsa-renewed"], server.Requests.Select(r => r.ClientCertificateName));
        Assert.All(server.Requests, r => Assert.Equal("HTTP/1.1", r.Protocol));
        Assert.Equal(2, plugin.Runs);
    }

    [Fact]
    public async Task Twenty_requests_refused_with_the_same_certificate_run_the_plugin_once_more()
    {
        await using LoopbackServer server = await RequiringClientCertificatesAsync(closeConnections: true);
        Rotating(Certs.ClientRsa, Certs.ClientRsaRenewed, Certs.ClientEc);
        ExecCredentialTokenSource plugin = Plugin();
        EndpointSlicesClient client = Clients.Kube(Over(server, plugin));
        await client.ListAsync().Within();
        server.RefuseClientCertificate(Certs.ClientRsa);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.ListAsync())).Within(30);

        Assert.Equal(2, plugin.Runs);
        Assert.Equal(20, server.Requests.Count(r => r.ClientCertificateName == "client-rsa-renewed"));
    }

    [Fact]
    public async Task A_plugin_that_prints_the_refused_certificate_again_fails_the_request_after_one_more_run_instead_of_looping()
    {
        await using LoopbackServer server = await RequiringClientCertificatesAsync(closeConnections: true);
        Rotating(Certs.ClientFromOtherCa, Certs.ClientFromOtherCa);
        ExecCredentialTokenSource plugin = Plugin();

        Exception e = await Waits.FailureOf(() => Clients.Kube(Over(server, plugin)).ListAsync());

        HttpRequestException failure = Assert.IsType<HttpRequestException>(e);
        Assert.Contains("printed by the exec credential plugin", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, plugin.Runs);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_watch_on_a_connection_made_with_the_old_certificate_keeps_receiving_events_while_new_requests_use_the_renewed_one()
    {
        var rotated = new TaskCompletionSource();
        async Task WatchAsync(HttpContext context)
        {
            await Responses.StartStreamAsync(context);
            await Responses.WriteChunkAsync(context, KubeJson.Event("ADDED", KubeJson.SliceObject("default", "web-1", "8")));
            await rotated.Task.WaitAsync(context.RequestAborted);
            await Responses.WriteChunkAsync(context, KubeJson.Event("MODIFIED", KubeJson.SliceObject("default", "web-1", "9")));
            await Responses.HoldOpenAsync(context);
        }

        await using LoopbackServer server = await RequiringClientCertificatesAsync(closeConnections: false, WatchAsync, Responses.EmptyList);
        Rotating(Certs.ClientRsa, Certs.ClientRsaRenewed);
        ExecCredentialTokenSource plugin = Plugin();
        EndpointSlicesClient client = Clients.Kube(Over(server, plugin));
        using var stop = new CancellationTokenSource();
        await using IAsyncEnumerator<WatchEvent<EndpointSlice>> watch = client.WatchNamespacedEndpointSlicesAsync("default", cancellationToken: stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await watch.MoveNextAsync().AsTask().Within());

        _clock.Advance(TimeSpan.FromHours(1));
        ExecPlugin.SetExpiry(_state.Path, Start.AddHours(2));
        await client.ListAsync().Within();
        rotated.SetResult();
        Assert.True(await watch.MoveNextAsync().AsTask().Within());
        await stop.CancelAsync();

        Assert.Equal("9", watch.Current.Object.Metadata!.ResourceVersion);
        Assert.Equal(["client-rsa", "client-rsa-renewed"], server.Requests.Select(r => r.ClientCertificateName));
        Assert.All(server.Requests, r => Assert.Equal("HTTP/2", r.Protocol));
        Assert.NotEqual(server.Requests[0].ConnectionId, server.Requests[1].ConnectionId);
        Assert.Equal(2, plugin.Runs);
    }

    [Fact]
    public void Pooled_connections_made_with_a_plugin_certificate_take_new_requests_for_no_longer_than_the_renewal_lead()
    {
        var handler = new SocketsHttpHandler();

        TlsMaterial.FromExecPlugin(Plugin()).Configure(handler);

        Assert.Equal(ExecCredentialTokenSource.CertificateConnectionLifetime, handler.PooledConnectionLifetime);
        Assert.True(RenewedBeforeExpiry > handler.PooledConnectionLifetime);
    }

    [Fact]
    public void A_certificate_printed_with_less_life_left_than_a_pooled_connection_lives_is_reused_for_half_of_it()
    {
        // A plugin that prints the certificate it cached is not run again on every request near the end.
        var credential = new ExecCredential(null, Certs.ClientRsa.Certificate, Start.AddMinutes(4));

        Assert.Equal(Start.AddMinutes(2), ExecCredentialTokenSource.RenewAt(credential, Start));
    }

    [Fact]
    public async Task A_plugin_that_prints_a_certificate_without_its_key_fails_with_a_message_naming_the_fields_and_not_the_certificate()
    {
        await using LoopbackServer server = await RequiringClientCertificatesAsync(closeConnections: false);
        Rotating(Certs.ClientRsa);

        Exception e = await Waits.FailureOf(() => Clients.Kube(Over(server, Plugin("nokey"))).ListAsync());

        ClusterCredentialException failure = Assert.IsType<ClusterCredentialException>(e);
        Assert.Contains("status.clientCertificateData without status.clientKeyData", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Certs.ClientRsa.CertificatePem.Split('\n')[1].Trim(), failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", failure.ToString(), StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }
}
