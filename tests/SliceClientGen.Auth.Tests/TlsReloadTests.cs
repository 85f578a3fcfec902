using System.Net;
using Microsoft.AspNetCore.Http;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Auth.Tests.Infrastructure;

namespace SliceClientGen.Auth.Tests;

/// <summary>
/// Certificate, key and CA files are read again when their content changes; new requests go through new connections
/// with them (over HTTP/2 too, where one connection would otherwise carry every request), while requests already
/// running (watches) finish on the old connection, which closes when the last of them ends.
/// </summary>
public sealed class TlsReloadTests
{
    private static TestCertificates Certs => TestCertificates.Shared;
    private static readonly TimeSpan Interval = ClientCertificateFiles.ReloadInterval;

    [Fact]
    public async Task Rotated_client_certificate_files_are_used_by_new_connections_after_the_reload_interval()
    {
        using var dir = new TempDirectory();
        var clock = Fakes.Clock();
        string certificate = dir.Write("client.crt", Certs.ClientRsa.CertificatePem);
        string key = dir.Write("client.key", Certs.ClientRsa.KeyPem());
        await using LoopbackServer server = await LoopbackServer.StartAsync(new LoopbackServerOptions { Certificate = Certs.Server, ClientCertificateAuthority = Certs.Ca, CloseConnections = true });
        var tls = new TlsMaterial(PemSource.FromFile(certificate), PemSource.FromFile(key), PemSource.FromText(Certs.Ca.CertificatePem), reloadInterval: Interval, timeProvider: clock);
        using HttpClient http = new ClusterConfiguration(server.BaseAddress, tls: tls).CreateHttpClient();
        (await http.GetAsync("a")).EnsureSuccessStatusCode();

        File.WriteAllText(certificate, Certs.ClientRsaRenewed.CertificatePem);
        File.WriteAllText(key, Certs.ClientRsaRenewed.KeyPem());
        (await http.GetAsync("b")).EnsureSuccessStatusCode();
        clock.Advance(Interval);
        (await http.GetAsync("c")).EnsureSuccessStatusCode();

        Assert.Equal(["client-rsa", "client-rsa", "client-rsa-renewed"], server.Requests.Select(r => r.ClientCertificateName));
    }

    [Fact]
    public async Task Rotated_CA_file_is_used_after_the_reload_interval()
    {
        using var dir = new TempDirectory();
        var clock = Fakes.Clock();
        string ca = dir.Write("ca.crt", Certs.Ca.CertificatePem);
        await using LoopbackServer server = await LoopbackServer.StartAsync(new LoopbackServerOptions { Certificate = Certs.Server, CloseConnections = true });
        var tls = new TlsMaterial(certificateAuthorities: PemSource.FromFile(ca), reloadInterval: Interval, timeProvider: clock);
        using HttpClient http = new ClusterConfiguration(server.BaseAddress, tls: tls).CreateHttpClient();
        (await http.GetAsync("a")).EnsureSuccessStatusCode();

        // The cluster moves to a new CA: the server's certificate and the CA file change together.
        server.UseCertificate(Certs.ServerFromOtherCa);
        File.WriteAllText(ca, Certs.OtherCa.CertificatePem);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("b"));
        clock.Advance(Interval);
        HttpResponseMessage response = await http.GetAsync("c");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A watch that sends <c>first</c>, then <c>second</c> once <paramref name="rotated"/> completes, then stays open.</summary>
    private static Func<HttpContext, Task> Watch(Task rotated) => async context =>
    {
        await Responses.StartStreamAsync(context);
        await Responses.WriteChunkAsync(context, "first\n");
        await rotated.WaitAsync(context.RequestAborted);
        await Responses.WriteChunkAsync(context, "second\n");
        await Responses.HoldOpenAsync(context);
    };

    [Fact]
    public async Task Over_HTTP2_a_watch_finishes_on_its_connection_while_requests_after_a_rotation_use_a_new_one_with_the_new_certificate()
    {
        using var dir = new TempDirectory();
        var clock = Fakes.Clock();
        (TlsMaterial tls, string certificate, string key) = ClientCertificateFiles.Write(dir, clock);
        var rotated = new TaskCompletionSource();
        await using LoopbackServer server = await LoopbackServer.StartAsync(new LoopbackServerOptions { Certificate = Certs.Server, ClientCertificateAuthority = Certs.Ca }, Watch(rotated.Task), Responses.EmptyList);
        using HttpClient http = new ClusterConfiguration(server.BaseAddress, tls: tls).CreateHttpClient();
        using HttpResponseMessage watch = await http.GetAsync("watch", HttpCompletionOption.ResponseHeadersRead).Within();
        using var events = new StreamReader(await watch.Content.ReadAsStreamAsync());
        Assert.Equal("first", await events.ReadLineAsync().Within());

        ClientCertificateFiles.Rotate(certificate, key);
        clock.Advance(Interval);
        (await http.GetAsync("list").Within()).EnsureSuccessStatusCode();
        rotated.SetResult();

        Assert.Equal("second", await events.ReadLineAsync().Within());
        Assert.Equal(["client-rsa", "client-rsa-renewed"], server.Requests.Select(r => r.ClientCertificateName));
        Assert.All(server.Requests, r => Assert.Equal("HTTP/2", r.Protocol));
        Assert.NotEqual(server.Requests[0].ConnectionId, server.Requests[1].ConnectionId);
    }

    [Fact]
    public async Task The_connection_made_with_the_old_certificate_closes_when_the_last_watch_on_it_ends()
    {
        using var dir = new TempDirectory();
        var clock = Fakes.Clock();
        (TlsMaterial tls, string certificate, string key) = ClientCertificateFiles.Write(dir, clock);
        await using LoopbackServer server = await LoopbackServer.StartAsync(new LoopbackServerOptions { Certificate = Certs.Server, ClientCertificateAuthority = Certs.Ca }, Watch(Task.Delay(Timeout.Infinite)), Responses.EmptyList);
        using HttpClient http = new ClusterConfiguration(server.BaseAddress, tls: tls).CreateHttpClient();
        HttpResponseMessage watch = await http.GetAsync("watch", HttpCompletionOption.ResponseHeadersRead).Within();
        ClientCertificateFiles.Rotate(certificate, key);
        clock.Advance(Interval);
        (await http.GetAsync("list").Within()).EnsureSuccessStatusCode();
        string old = server.Requests[0].ConnectionId;
        Assert.False(server.ConnectionClosed(old).IsCompleted, "The watch still runs on the old connection.");

        watch.Dispose();

        await server.ConnectionClosed(old).Within();
        Assert.False(server.ConnectionClosed(server.Requests[1].ConnectionId).IsCompleted, "The new connection stays.");
    }

    [Fact]
    public async Task A_connection_made_with_the_old_certificate_and_carrying_no_request_closes_when_a_request_uses_the_new_one()
    {
        using var dir = new TempDirectory();
        var clock = Fakes.Clock();
        (TlsMaterial tls, string certificate, string key) = ClientCertificateFiles.Write(dir, clock);
        await using LoopbackServer server = await LoopbackServer.StartAsync(new LoopbackServerOptions { Certificate = Certs.Server, ClientCertificateAuthority = Certs.Ca });
        using HttpClient http = new ClusterConfiguration(server.BaseAddress, tls: tls).CreateHttpClient();
        (await http.GetAsync("a").Within()).EnsureSuccessStatusCode();

        ClientCertificateFiles.Rotate(certificate, key);
        clock.Advance(Interval);
        (await http.GetAsync("b").Within()).EnsureSuccessStatusCode();

        await server.ConnectionClosed(server.Requests[0].ConnectionId).Within();
        Assert.Equal(["client-rsa", "client-rsa-renewed"], server.Requests.Select(r => r.ClientCertificateName));
    }

    [Fact]
    public async Task After_many_rotations_only_the_pools_still_carrying_requests_remain()
    {
        using var dir = new TempDirectory();
        var clock = Fakes.Clock();
        (TlsMaterial tls, string certificate, string key) = ClientCertificateFiles.Write(dir, clock);
        await using LoopbackServer server = await LoopbackServer.StartAsync(new LoopbackServerOptions { Certificate = Certs.Server, ClientCertificateAuthority = Certs.Ca });
        var pools = (TlsConnectionPools)new ClusterConfiguration(server.BaseAddress, tls: tls).CreateConnectionHandler(null);
        using var http = new HttpClient(pools) { BaseAddress = server.BaseAddress };
        HttpResponseMessage held = await http.GetAsync("held", HttpCompletionOption.ResponseHeadersRead).Within();

        for (int i = 0; i < 10; i++)
        {
            (TestCertificate next, string name) = i % 2 == 0 ? (Certs.ClientRsaRenewed, "renewed") : (Certs.ClientRsa, "original");
            File.WriteAllText(certificate, next.CertificatePem);
            File.WriteAllText(key, next.KeyPem());
            clock.Advance(Interval);
            (await http.GetAsync(name).Within()).Dispose();
        }

        Assert.Equal(2, pools.OpenPools);
        held.Dispose();
        Assert.Equal(1, pools.OpenPools);
    }

    [Fact]
    public async Task Fifty_requests_racing_a_rotation_all_succeed_and_leave_only_the_new_pool_open()
    {
        using var dir = new TempDirectory();
        var clock = Fakes.Clock();
        (TlsMaterial tls, string certificate, string key) = ClientCertificateFiles.Write(dir, clock);
        await using LoopbackServer server = await LoopbackServer.StartAsync(new LoopbackServerOptions { Certificate = Certs.Server, ClientCertificateAuthority = Certs.Ca });
        var pools = (TlsConnectionPools)new ClusterConfiguration(server.BaseAddress, tls: tls).CreateConnectionHandler(null);
        using var http = new HttpClient(pools) { BaseAddress = server.BaseAddress };
        (await http.GetAsync("warm").Within()).Dispose();
        ClientCertificateFiles.Rotate(certificate, key);

        Task rotation = Task.Run(() => clock.Advance(Interval));
        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => http.GetAsync("r" + i))).Within(30);
        await rotation;
        foreach (HttpResponseMessage response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        (await http.GetAsync("after").Within()).Dispose();
        Assert.Equal(1, pools.OpenPools);
        Assert.Equal("client-rsa-renewed", server.Requests[^1].ClientCertificateName);
    }

    [Fact]
    public void Changed_content_is_noticed_even_when_the_modification_time_stays_the_same()
    {
        // Mounted Secrets rotate by swapping a symlink: the file's own timestamp says nothing.
        using var dir = new TempDirectory();
        var clock = Fakes.Clock();
        string certificate = dir.Write("client.crt", Certs.ClientRsa.CertificatePem);
        string key = dir.Write("client.key", Certs.ClientRsa.KeyPem());
        var tls = new TlsMaterial(PemSource.FromFile(certificate), PemSource.FromFile(key), reloadInterval: Interval, timeProvider: clock);
        DateTime stamp = File.GetLastWriteTimeUtc(certificate);

        File.WriteAllText(certificate, Certs.ClientRsaRenewed.CertificatePem);
        File.WriteAllText(key, Certs.ClientRsaRenewed.KeyPem());
        File.SetLastWriteTimeUtc(certificate, stamp);
        File.SetLastWriteTimeUtc(key, stamp);
        clock.Advance(Interval);

        Assert.Equal("client-rsa-renewed", tls.ClientCertificate!.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false));
    }

    [Fact]
    public void Half_rotated_files_keep_the_current_certificate_and_log_why()
    {
        using var dir = new TempDirectory();
        var clock = Fakes.Clock();
        var logger = new FakeLogger();
        string certificate = dir.Write("client.crt", Certs.ClientRsa.CertificatePem);
        string key = dir.Write("client.key", Certs.ClientRsa.KeyPem());
        var tls = new TlsMaterial(PemSource.FromFile(certificate), PemSource.FromFile(key), reloadInterval: Interval, timeProvider: clock);
        tls.Configure(new SocketsHttpHandler(), logger);

        File.WriteAllText(certificate, Certs.ClientRsaRenewed.CertificatePem);
        clock.Advance(Interval);

        Assert.Equal("client-rsa", tls.ClientCertificate!.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false));
        string warning = Assert.Single(logger.Warnings()).Message;
        Assert.Contains(certificate, warning);
        Assert.DoesNotContain(Certs.ClientRsa.KeyMaterial, warning);
    }
}
