using System.Net;
using System.Net.Http.Headers;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Runtime.Tests;

/// <summary>The bearer handler: where tokens may go, and the one refresh and one retry after a 401.</summary>
public sealed class BearerTokenHandlerTests
{
    /// <summary>Answers 200 without any network, recording what it was given.</summary>
    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }

    [Fact]
    public async Task Bearer_token_over_plain_http_to_a_remote_host_is_refused_before_anything_is_sent()
    {
        var inner = new RecordingHandler();
        int asked = 0;
        var source = BearerTokenSource.FromProvider((_, _) => { asked++; return new ValueTask<string>("remote-secret"); });
        using var http = new HttpClient(new BearerTokenHandler(source, inner));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => http.GetAsync("http://cluster.example.invalid:8080/api"));

        Assert.Contains("plain http to 'cluster.example.invalid'", error.Message);
        Assert.Empty(inner.Requests);
        Assert.Equal(0, asked);
        Assert.DoesNotContain("remote-secret", error.ToString());
    }

    [Fact]
    public async Task Bearer_token_over_plain_http_to_a_remote_host_is_sent_when_the_caller_opts_in()
    {
        var inner = new RecordingHandler();
        ClusterConfiguration config = new ClusterConfiguration(new Uri("http://cluster.example.invalid:8080"), BearerTokenSource.FromToken("opted-in")).WithInsecureHttpAllowed();
        DelegatingHandler handler = config.CreateAuthenticationHandler()!;
        handler.InnerHandler = inner;
        using var http = new HttpClient(handler) { BaseAddress = config.Server };

        await http.GetAsync("api");

        Assert.Equal("Bearer opted-in", Assert.Single(inner.Requests).Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task Bearer_token_over_plain_http_to_loopback_is_allowed()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(certificate: null);
        using HttpClient http = new ClusterConfiguration(server.Address, BearerTokenSource.FromToken("local")).CreateHttpClient();

        HttpResponseMessage response = await http.GetAsync("api");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer local", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task Fixed_token_rejected_with_401_is_not_retried()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(certificate: null, respond: TlsTestServer.AcceptTokens());
        using HttpClient http = new ClusterConfiguration(server.Address, BearerTokenSource.FromToken("fixed")).CreateHttpClient();

        HttpResponseMessage response = await http.GetAsync("api");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Request_body_is_sent_again_on_the_retry_after_a_401()
    {
        var source = BearerTokenSource.FromProvider((force, _) => new ValueTask<string>(force ? "t2" : "t1"));
        await using TlsTestServer server = await TlsTestServer.StartAsync(certificate: null, respond: TlsTestServer.AcceptTokens("t2"));
        using HttpClient http = new ClusterConfiguration(server.Address, source).CreateHttpClient();

        HttpResponseMessage response = await http.PostAsync("apis", new StringContent("""{"kind":"EndpointSlice"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([("Bearer t1", """{"kind":"EndpointSlice"}"""), ("Bearer t2", """{"kind":"EndpointSlice"}""")], server.Requests.Select(r => (r.Authorization, r.Body)));
    }

    [Fact]
    public async Task Streamed_body_that_cannot_be_sent_twice_returns_the_401_without_retrying()
    {
        var source = BearerTokenSource.FromProvider((force, _) => new ValueTask<string>(force ? "t2" : "t1"));
        await using TlsTestServer server = await TlsTestServer.StartAsync(certificate: null, respond: TlsTestServer.AcceptTokens("t2"));
        using HttpClient http = new ClusterConfiguration(server.Address, source).CreateHttpClient();

        HttpResponseMessage response = await http.PostAsync("apis", new StreamContent(new MemoryStream("body"u8.ToArray())));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Authorization_header_set_by_the_caller_is_left_alone()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(certificate: null);
        using HttpClient http = new ClusterConfiguration(server.Address, BearerTokenSource.FromToken("configured")).CreateHttpClient();
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
        await using TlsTestServer server = await TlsTestServer.StartAsync(certificate: null, respond: (context, request) =>
        {
            if (Interlocked.Increment(ref seen) == 1)
            {
                context.Response.StatusCode = 503;
                return Task.CompletedTask;
            }

            return TlsTestServer.AcceptTokens("after-rotation")(context, request);
        });
        var config = new ClusterConfiguration(server.Address, source);
        var retry = new RetryOn503Handler(() => Volatile.Write(ref current, "after-rotation")) { InnerHandler = config.CreateHandler() };
        using var http = new HttpClient(retry) { BaseAddress = server.Address };

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
        await using TlsTestServer server = await TlsTestServer.StartAsync(certificate: null, respond: async (context, seen) =>
        {
            if (seen.Authorization == "Bearer t1")
            {
                // Hold every first attempt until all have arrived, so the 401s come back together.
                arrived.Signal();
                await Task.Run(() => arrived.Wait(TimeSpan.FromSeconds(5)));
                context.Response.StatusCode = 401;
            }
        });
        using HttpClient http = new ClusterConfiguration(server.Address, source).CreateHttpClient();

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
