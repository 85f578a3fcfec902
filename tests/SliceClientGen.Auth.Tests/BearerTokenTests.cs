using System.Net.Http.Headers;
using System.Net;
using SliceClientGen.Auth.Tests.Infrastructure;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Auth.Tests;

/// <summary>Bearer tokens on the wire, over TLS to the test server, and what a 401 does.</summary>
public sealed class BearerTokenTests
{
    private static TestCertificates Certs => TestCertificates.Shared;

    internal static ClusterConfiguration Over(LoopbackServer server, BearerTokenSource token) =>
        new(server.BaseAddress, token, new TlsMaterial(certificateAuthorities: PemSource.FromText(Certs.Ca.CertificatePem, "test CA")));

    [Fact]
    public async Task A_static_token_is_sent_as_Authorization_Bearer()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);

        await Clients.Kube(Over(server, BearerTokenSource.FromToken("x"))).ListAsync().Within();

        Assert.Equal("Bearer x", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task The_token_of_a_kubeconfig_user_is_sent_as_Authorization_Bearer()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        using var directory = new TempDirectory();
        string path = directory.Write("config", KubeConfigs.Single(server.BaseAddress, KubeConfigs.TrustTestCa, new[] { "token: kubeconfig-token" }));

        await Clients.Kube(ClusterConfiguration.FromKubeConfig(path)).ListAsync().Within();

        Assert.Equal("Bearer kubeconfig-token", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task A_401_with_a_fixed_token_is_not_retried_because_no_newer_token_exists()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        server.Respond(Responses.Unauthorized);

        ApiException e = await Assert.ThrowsAnyAsync<ApiException>(() => Clients.Kube(Over(server, BearerTokenSource.FromToken("x"))).ListAsync().Within());

        Assert.Equal(401, (int)e.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_401_refreshes_the_token_once_and_retries_once_with_the_new_token()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        server.Respond(Responses.RejectTokens("provided-1"));
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
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        server.Respond(Responses.Unauthorized);
        int calls = 0;
        var source = BearerTokenSource.FromProvider((_, _) => ValueTask.FromResult("provided-" + Interlocked.Increment(ref calls)));

        ApiException e = await Assert.ThrowsAnyAsync<ApiException>(() => Clients.Kube(Over(server, source)).ListAsync().Within());

        Assert.Equal(401, (int)e.StatusCode);
        Assert.Equal(new[] { "Bearer provided-1", "Bearer provided-2" }, server.Requests.Select(r => r.Authorization));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Request_body_is_sent_again_on_the_retry_after_a_401()
    {
        var source = BearerTokenSource.FromProvider((force, _) => new ValueTask<string>(force ? "t2" : "t1"));
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.AcceptTokens("t2"));
        using HttpClient http = new ClusterConfiguration(server.BaseAddress, source).CreateHttpClient();

        HttpResponseMessage response = await http.PostAsync("apis", new StringContent("""{"kind":"EndpointSlice"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([("Bearer t1", """{"kind":"EndpointSlice"}"""), ("Bearer t2", """{"kind":"EndpointSlice"}""")], server.Requests.Select(r => (r.Authorization, r.BodyText)));
    }

    [Fact]
    public async Task Streamed_body_that_cannot_be_sent_twice_returns_the_401_without_retrying()
    {
        var source = BearerTokenSource.FromProvider((force, _) => new ValueTask<string>(force ? "t2" : "t1"));
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.AcceptTokens("t2"));
        using HttpClient http = new ClusterConfiguration(server.BaseAddress, source).CreateHttpClient();

        HttpResponseMessage response = await http.PostAsync("apis", new StreamContent(new MemoryStream("body"u8.ToArray())));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Authorization_header_set_by_the_caller_is_left_alone()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();
        using HttpClient http = new ClusterConfiguration(server.BaseAddress, BearerTokenSource.FromToken("configured")).CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "caller");

        await http.GetAsync("api");

        Assert.Equal("Bearer caller", Assert.Single(server.Requests).Authorization);
    }

    /// <summary>Sends the same request message again after a 503, as a resilience handler does, running <paramref name="beforeRetry"/> in between.</summary>
    private sealed class RetryOn503Handler(Action beforeRetry) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return response;
            }

            response.Dispose();
            beforeRetry();
            return await base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task Request_resent_by_an_outer_retry_handler_gets_the_current_token_not_the_one_set_before()
    {
        string current = "before-rotation";
        var source = BearerTokenSource.FromProvider((_, _) => new ValueTask<string>(Volatile.Read(ref current)));
        int seen = 0;
        await using LoopbackServer server = await LoopbackServer.StartAsync(context =>
        {
            if (Interlocked.Increment(ref seen) == 1)
            {
                context.Response.StatusCode = 503;
                return Task.CompletedTask;
            }

            return Responses.AcceptTokens("after-rotation")(context);
        });
        var config = new ClusterConfiguration(server.BaseAddress, source);
        var retry = new RetryOn503Handler(() => Volatile.Write(ref current, "after-rotation")) { InnerHandler = config.CreateHandler() };
        using var http = new HttpClient(retry) { BaseAddress = server.BaseAddress };

        HttpResponseMessage response = await http.GetAsync("api");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Bearer before-rotation", "Bearer after-rotation"], server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Concurrent_401s_refresh_the_provider_token_once()
    {
        const int Parallel = 5;
        int forced = 0;
        var arrived = new CountdownEvent(Parallel);
        var source = BearerTokenSource.FromProvider(async (force, ct) =>
        {
            if (!force)
            {
                return "t1";
            }

            Interlocked.Increment(ref forced);
            await Task.Delay(300, ct);
            return "t2";
        });
        await using LoopbackServer server = await LoopbackServer.StartAsync(async context =>
        {
            if (context.Recorded().Authorization == "Bearer t1")
            {
                // Hold every first attempt until all have arrived, so the 401s come back together.
                arrived.Signal();
                await Task.Run(() => arrived.Wait(TimeSpan.FromSeconds(5)));
                context.Response.StatusCode = 401;
            }
        });
        using HttpClient http = new ClusterConfiguration(server.BaseAddress, source).CreateHttpClient();

        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i => http.GetAsync("r" + i)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, forced);
        Assert.Equal(Parallel * 2, server.Requests.Count);
    }

    [Fact]
    public void Token_with_a_line_break_is_refused_without_quoting_it()
    {
        var error = Assert.Throws<ArgumentException>(() => BearerTokenSource.FromToken("abc-secret\r\nX-Injected: 1"));

        Assert.Contains("line breaks", error.Message);
        Assert.DoesNotContain("abc-secret", error.Message);
    }
}
