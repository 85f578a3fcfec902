using System.Net;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Runtime.Tests;

/// <summary>Token files (projected service-account tokens) rotate on disk; the client follows without restarting.</summary>
public sealed class TokenFileTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Rotated_token_file_is_used_once_the_refresh_interval_has_passed()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider();
        string tokenFile = dir.Write("token", "first-token\n");
        await using TlsTestServer server = await TlsTestServer.StartAsync(certificate: null);
        using HttpClient http = new ClusterConfiguration(server.Address, BearerTokenSource.FromFile(tokenFile, Interval, clock)).CreateHttpClient();

        await http.GetAsync("a");
        File.WriteAllText(tokenFile, "second-token\n");
        clock.Advance(Interval - TimeSpan.FromSeconds(1));
        await http.GetAsync("b");
        clock.Advance(TimeSpan.FromSeconds(1));
        await http.GetAsync("c");

        Assert.Equal(["Bearer first-token", "Bearer first-token", "Bearer second-token"], server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Unauthorized_reads_the_token_file_again_at_once_and_retries()
    {
        using var dir = new TempDirectory();
        string tokenFile = dir.Write("token", "old-token");
        await using TlsTestServer server = await TlsTestServer.StartAsync(certificate: null, respond: TlsTestServer.AcceptTokens("new-token"));
        using HttpClient http = new ClusterConfiguration(server.Address, BearerTokenSource.FromFile(tokenFile, Interval, new ManualTimeProvider())).CreateHttpClient();
        await http.GetAsync("a");
        File.WriteAllText(tokenFile, "new-token");

        HttpResponseMessage response = await http.GetAsync("b");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Bearer old-token", "Bearer old-token", "Bearer new-token"], server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Concurrent_requests_read_the_token_file_once()
    {
        int reads = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var source = new FileTokenSource("/token", Interval, new ManualTimeProvider(), async (_, _) =>
        {
            Interlocked.Increment(ref reads);
            await release.Task;
            return "the-token";
        });
        await using TlsTestServer server = await TlsTestServer.StartAsync(certificate: null);
        using HttpClient http = new ClusterConfiguration(server.Address, source).CreateHttpClient();

        Task<HttpResponseMessage>[] requests = Enumerable.Range(0, 10).Select(i => http.GetAsync("r" + i)).ToArray();
        await Task.Delay(100);
        release.SetResult();
        await Task.WhenAll(requests);

        Assert.Equal(1, reads);
        Assert.Equal(10, server.Requests.Count(r => r.Authorization == "Bearer the-token"));
    }

    [Fact]
    public async Task Token_file_caught_mid_rotation_keeps_the_cached_token()
    {
        var clock = new ManualTimeProvider();
        int reads = 0;
        var source = new FileTokenSource("/token", Interval, clock, (_, _) =>
            Interlocked.Increment(ref reads) == 1 ? Task.FromResult("cached-token") : Task.FromException<string>(new FileNotFoundException("gone for a moment")));

        string first = await source.GetTokenAsync(false, default);
        clock.Advance(Interval);
        string second = await source.GetTokenAsync(false, default);

        Assert.Equal(("cached-token", "cached-token", 2), (first, second, reads));
    }

    [Fact]
    public async Task Missing_token_file_names_the_file()
    {
        using var dir = new TempDirectory();
        string tokenFile = Path.Combine(dir.Path, "no-token");
        BearerTokenSource source = BearerTokenSource.FromFile(tokenFile);

        var error = await Assert.ThrowsAsync<ClusterCredentialException>(() => source.GetTokenAsync(false, default).AsTask());

        Assert.Contains(tokenFile, error.Message);
    }
}
