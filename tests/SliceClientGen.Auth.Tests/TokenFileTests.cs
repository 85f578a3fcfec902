using SliceClientGen.Auth.Tests.Infrastructure;
using SliceClientGen.Runtime.Auth;

namespace SliceClientGen.Auth.Tests;

/// <summary>A token file that rotates on disk (projected service-account tokens, kubeconfig tokenFile), on a manual clock.</summary>
public sealed class TokenFileTests
{
    private static readonly TimeSpan ReloadInterval = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_token_file_rotated_on_disk_is_used_once_the_reload_interval_has_passed()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server);
        using var directory = new TempDirectory();
        string file = directory.Write("token", "first-token\n");
        var clock = Fakes.Clock();
        var client = Clients.Kube(BearerTokenTests.Over(server, BearerTokenSource.FromFile(file, ReloadInterval, clock)));

        await client.ListAsync().Within();
        directory.Write("token", "second-token\n");
        clock.Advance(ReloadInterval - TimeSpan.FromSeconds(1));
        await client.ListAsync().Within();
        clock.Advance(TimeSpan.FromSeconds(1));
        await client.ListAsync().Within();

        Assert.Equal(new[] { "Bearer first-token", "Bearer first-token", "Bearer second-token" }, server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_401_reads_the_rotated_token_file_at_once_without_waiting_for_the_interval()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server);
        using var directory = new TempDirectory();
        string file = directory.Write("token", "first-token");
        var clock = Fakes.Clock();
        var client = Clients.Kube(BearerTokenTests.Over(server, BearerTokenSource.FromFile(file, ReloadInterval, clock)));
        await client.ListAsync().Within();

        directory.Write("token", "second-token");
        server.Respond(Responses.RejectTokens("first-token"));
        await client.ListAsync().Within();

        Assert.Equal(new[] { "Bearer first-token", "Bearer first-token", "Bearer second-token" }, server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Twenty_concurrent_requests_read_the_token_file_once_and_once_more_after_the_interval()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server);
        using var directory = new TempDirectory();
        string file = directory.Write("token", "first-token");
        var clock = Fakes.Clock();
        int reads = 0;
        var source = new FileTokenSource(file, ReloadInterval, clock, async (path, cancellationToken) =>
        {
            Interlocked.Increment(ref reads);
            await Task.Delay(100, cancellationToken); // a slow disk: the other requests arrive while the read runs
            return await File.ReadAllTextAsync(path, cancellationToken);
        });
        var client = Clients.Kube(BearerTokenTests.Over(server, source));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.ListAsync())).Within();
        Assert.Equal(1, reads);

        directory.Write("token", "second-token");
        clock.Advance(ReloadInterval);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.ListAsync())).Within();

        Assert.Equal(2, reads);
        Assert.Equal(20, server.Requests.Count(r => r.Authorization == "Bearer first-token"));
        Assert.Equal(20, server.Requests.Count(r => r.Authorization == "Bearer second-token"));
    }

    [Fact]
    public async Task Token_file_caught_mid_rotation_keeps_the_cached_token()
    {
        var clock = Fakes.Clock();
        int reads = 0;
        var source = new FileTokenSource("/token", ReloadInterval, clock, (_, _) =>
            Interlocked.Increment(ref reads) == 1 ? Task.FromResult("cached-token") : Task.FromException<string>(new FileNotFoundException("gone for a moment")));

        string first = await source.GetTokenAsync(false, default);
        clock.Advance(ReloadInterval);
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
