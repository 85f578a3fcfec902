using System.Net;
using System.Net.Sockets;
using SliceClientGen.Auth.Tests.Infrastructure;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;

namespace SliceClientGen.Auth.Tests;

/// <summary>Bearer tokens are not sent over plain http, except to loopback or when deliberately allowed.</summary>
public sealed class PlainHttpTests
{
    /// <summary>A host name that does not resolve; <see cref="ToLoopback"/> connects it to the test server anyway.</summary>
    private const string RemoteHost = "api.cluster.example";

    /// <summary>The bearer handler of <paramref name="configuration"/> over a connection to <paramref name="server"/>, whatever the URL's host.</summary>
    private static HttpClient ToLoopback(ClusterConfiguration configuration, LoopbackServer server)
    {
        DelegatingHandler authentication = configuration.CreateAuthenticationHandler()!;
        authentication.InnerHandler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, server.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(authentication) { BaseAddress = configuration.Server };
    }

    [Fact]
    public async Task A_bearer_token_over_plain_http_to_a_host_other_than_loopback_is_refused_with_InvalidOperationException()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        var configuration = new ClusterConfiguration(new Uri("http://" + RemoteHost + ":" + server.Port + "/"), BearerTokenSource.FromToken("plain-http-token"));

        InvalidOperationException e = await Assert.ThrowsAsync<InvalidOperationException>(() => Clients.Kube(ToLoopback(configuration, server)).ListAsync().Within());

        Assert.Contains("Refusing to send a bearer token over plain http to '" + RemoteHost + "'", e.Message);
        Assert.Contains("AllowInsecureHttp", e.Message);
        Assert.DoesNotContain("plain-http-token", e.ToString());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task CreateHttpClient_refuses_a_bearer_token_over_plain_http_before_connecting()
    {
        var configuration = new ClusterConfiguration(new Uri("http://" + RemoteHost + "/"), BearerTokenSource.FromToken("plain-http-token"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Clients.Kube(configuration).ListAsync().Within());
    }

    [Fact]
    public async Task WithInsecureHttpAllowed_sends_the_token_over_plain_http_to_a_host_other_than_loopback()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        ClusterConfiguration configuration = new ClusterConfiguration(new Uri("http://" + RemoteHost + ":" + server.Port + "/"), BearerTokenSource.FromToken("plain-http-token"))
            .WithInsecureHttpAllowed();

        await Clients.Kube(ToLoopback(configuration, server)).ListAsync().Within();

        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("Bearer plain-http-token", request.Authorization);
        Assert.Equal(RemoteHost + ":" + server.Port, request.Host);
    }

    [Fact]
    public async Task A_bearer_token_over_plain_http_to_loopback_is_sent()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        var configuration = new ClusterConfiguration(server.BaseAddress, BearerTokenSource.FromToken("loopback-token"));

        await Clients.Kube(configuration).ListAsync().Within();

        Assert.Equal("http", server.BaseAddress.Scheme);
        Assert.Equal("Bearer loopback-token", Assert.Single(server.Requests).Authorization);
    }
}
