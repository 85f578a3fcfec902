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
}
