using System.Net;
using SliceClientGen.Auth.Tests.Infrastructure;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;

namespace SliceClientGen.Auth.Tests;

/// <summary>
/// <see cref="HttpClient.Send(HttpRequestMessage)"/>, the synchronous path, through the connection pools of TLS material
/// that can change (<see cref="TlsConnectionPools"/>): synchronous requests stay on HTTP/1.1 (SocketsHttpHandler has no
/// synchronous HTTP/2), go to the pool made with the material current when they start, and give that pool back when
/// their body has been read, their response is disposed or they fail, so a retired pool and its connections close.
/// The rest of the handler chain does on the synchronous path what it does on the asynchronous one: bearer tokens
/// (static, from a rotating file, from an exec plugin), the exec plugin's client certificate, TLS failures explained.
/// </summary>
public sealed class SynchronousSendTests
{
    private static TestCertificates Certs => TestCertificates.Shared;

    private static LoopbackServerOptions MutualTls => new() { Certificate = Certs.Server, ClientCertificateAuthority = Certs.Ca };

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    [Fact]
    public async Task A_synchronous_send_through_CreateHttpClient_offers_the_client_certificate_over_HTTP1()
    {
        using var dir = new TempDirectory();
        (TlsMaterial tls, _, _) = ClientCertificateFiles.Write(dir, Fakes.Clock());
        await using LoopbackServer server = await LoopbackServer.StartAsync(MutualTls);
        using HttpClient http = new ClusterConfiguration(server.BaseAddress, tls: tls).CreateHttpClient();

        using HttpResponseMessage response = http.Send(Get("list"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(KubeJson.EmptyList, await response.Content.ReadAsStringAsync());
        Assert.Equal(("client-rsa", "HTTP/1.1"), (server.Single.ClientCertificateName, server.Single.Protocol));
    }

    [Fact]
    public async Task A_synchronous_send_after_a_rotation_offers_the_new_client_certificate()
    {
        using var dir = new TempDirectory();
        var clock = Fakes.Clock();
        (TlsMaterial tls, string certificate, string key) = ClientCertificateFiles.Write(dir, clock);
        await using LoopbackServer server = await LoopbackServer.StartAsync(MutualTls);
        using HttpClient http = new ClusterConfiguration(server.BaseAddress, tls: tls).CreateHttpClient();
        http.Send(Get("before")).Dispose();

        ClientCertificateFiles.Rotate(certificate, key);
        clock.Advance(ClientCertificateFiles.ReloadInterval);
        http.Send(Get("after")).Dispose();

        Assert.Equal(["client-rsa", "client-rsa-renewed"], server.Requests.Select(r => r.ClientCertificateName));
        Assert.NotEqual(server.Requests[0].ConnectionId, server.Requests[1].ConnectionId);
    }

    [Fact]
    public async Task A_synchronous_response_read_as_a_stream_keeps_its_retired_pool_open_until_it_is_disposed()
    {
        using var dir = new TempDirectory();
        var clock = Fakes.Clock();
        (TlsMaterial tls, string certificate, string key) = ClientCertificateFiles.Write(dir, clock);
        await using LoopbackServer server = await LoopbackServer.StartAsync(MutualTls);
        var pools = (TlsConnectionPools)new ClusterConfiguration(server.BaseAddress, tls: tls).CreateConnectionHandler(null);
        using var http = new HttpClient(pools) { BaseAddress = server.BaseAddress };
        HttpResponseMessage held = http.Send(Get("held"), HttpCompletionOption.ResponseHeadersRead);
        ClientCertificateFiles.Rotate(certificate, key);
        clock.Advance(ClientCertificateFiles.ReloadInterval);
        http.Send(Get("after")).Dispose();
        Assert.Equal(2, pools.OpenPools);

        held.Dispose();

        Assert.Equal(1, pools.OpenPools);
        await server.ConnectionClosed(server.Requests[0].ConnectionId).Within();
    }

    [Fact]
    public async Task A_buffered_synchronous_response_gives_its_pool_back_once_its_body_is_read()
    {
        using var dir = new TempDirectory();
        var clock = Fakes.Clock();
        (TlsMaterial tls, string certificate, string key) = ClientCertificateFiles.Write(dir, clock);
        await using LoopbackServer server = await LoopbackServer.StartAsync(MutualTls);
        var pools = (TlsConnectionPools)new ClusterConfiguration(server.BaseAddress, tls: tls).CreateConnectionHandler(null);
        using var http = new HttpClient(pools) { BaseAddress = server.BaseAddress };

        // HttpClient reads the whole body into memory before Send returns (ResponseContentRead); the response is not disposed.
        using HttpResponseMessage buffered = http.Send(Get("buffered"));
        ClientCertificateFiles.Rotate(certificate, key);
        clock.Advance(ClientCertificateFiles.ReloadInterval);
        http.Send(Get("after")).Dispose();

        Assert.Equal(1, pools.OpenPools);
        await server.ConnectionClosed(server.Requests[0].ConnectionId).Within();
        Assert.Equal(KubeJson.EmptyList, await buffered.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_synchronous_send_that_fails_gives_its_pool_back()
    {
        using var dir = new TempDirectory();
        var clock = Fakes.Clock();
        (TlsMaterial tls, string certificate, string key) = ClientCertificateFiles.Write(dir, clock);
        await using LoopbackServer server = await LoopbackServer.StartAsync(MutualTls, Responses.Abort(), Responses.EmptyList);
        var pools = (TlsConnectionPools)new ClusterConfiguration(server.BaseAddress, tls: tls).CreateConnectionHandler(null);
        using var http = new HttpClient(pools) { BaseAddress = server.BaseAddress };
        Assert.Throws<HttpRequestException>(() => http.Send(Get("dropped")));

        ClientCertificateFiles.Rotate(certificate, key);
        clock.Advance(ClientCertificateFiles.ReloadInterval);
        http.Send(Get("after")).Dispose();

        Assert.Equal(1, pools.OpenPools);
    }

    [Fact]
    public async Task A_synchronous_send_through_CreateHttpClient_carries_the_bearer_token()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        using HttpClient http = BearerTokenTests.Over(server, BearerTokenSource.FromToken("sync-token")).CreateHttpClient();

        http.Send(Get("list")).Dispose();

        Assert.Equal("Bearer sync-token", server.Single.Authorization);
    }

    [Fact]
    public async Task A_token_file_rotated_on_disk_is_read_again_on_the_synchronous_path_once_the_reload_interval_has_passed()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        using var directory = new TempDirectory();
        string file = directory.Write("token", "first-token\n");
        var clock = Fakes.Clock();
        using HttpClient http = BearerTokenTests.Over(server, BearerTokenSource.FromFile(file, TimeSpan.FromMinutes(1), clock)).CreateHttpClient();
        http.Send(Get("first")).Dispose();

        directory.Write("token", "second-token\n");
        clock.Advance(TimeSpan.FromMinutes(1));
        http.Send(Get("second")).Dispose();

        Assert.Equal(["Bearer first-token", "Bearer second-token"], server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_401_on_the_synchronous_path_reads_the_rotated_token_file_and_retries_with_the_new_token()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        using var directory = new TempDirectory();
        string file = directory.Write("token", "first-token");
        using HttpClient http = BearerTokenTests.Over(server, BearerTokenSource.FromFile(file, TimeSpan.FromMinutes(1), Fakes.Clock())).CreateHttpClient();
        http.Send(Get("first")).Dispose();
        directory.Write("token", "second-token");
        server.Respond(Responses.RejectTokens("first-token"));

        using HttpResponseMessage response = http.Send(Get("second"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Bearer first-token", "Bearer first-token", "Bearer second-token"], server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task The_token_an_exec_plugin_prints_is_obtained_and_sent_on_the_synchronous_path()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        using var state = new TempDirectory();
        var plugin = new ExecCredentialTokenSource(ExecPlugin.Path, ["sync"], ExecPlugin.Environment(state.Path, "ok"), timeProvider: Fakes.Clock());
        using HttpClient http = BearerTokenTests.Over(server, plugin).CreateHttpClient();

        http.Send(Get("list")).Dispose();

        Assert.Equal("Bearer tok-sync--1", server.Single.Authorization);
    }

    [Fact]
    public async Task The_client_certificate_an_exec_plugin_prints_is_obtained_and_offered_on_the_synchronous_path()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(MutualTls);
        using var state = new TempDirectory();
        ExecPlugin.SetCertificate(state.Path, 1, Certs.ClientEc);
        var plugin = new ExecCredentialTokenSource(ExecPlugin.Path, null, ExecPlugin.Environment(state.Path, "certificate"), timeProvider: Fakes.Clock());
        // The plugin serves the TLS material alone (no token source), so only the TLS side can run it.
        var configuration = new ClusterConfiguration(server.BaseAddress, tls: TlsMaterial.FromExecPlugin(plugin, PemSource.FromText(Certs.Ca.CertificatePem, "test CA")));
        using HttpClient http = configuration.CreateHttpClient();

        using HttpResponseMessage response = http.Send(Get("list"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("client-ec", server.Single.ClientCertificateName);
    }

    [Fact]
    public async Task A_TLS_failure_on_the_synchronous_path_is_explained_as_on_the_asynchronous_path()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.ServerFromOtherCa);
        var configuration = new ClusterConfiguration(server.BaseAddress, tls: new TlsMaterial(certificateAuthorities: PemSource.FromText(Certs.Ca.CertificatePem, "test CA")));
        using HttpClient http = configuration.CreateHttpClient();
        HttpRequestException asynchronous = await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(Get("async")));

        HttpRequestException synchronous = Assert.Throws<HttpRequestException>(() => http.Send(Get("sync")));

        Assert.Contains("does not chain to the cluster's certificate authority (test CA)", synchronous.Message);
        Assert.Equal((asynchronous.HttpRequestError, asynchronous.Message), (synchronous.HttpRequestError, synchronous.Message));
    }
}
