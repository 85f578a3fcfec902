using System.Net;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Auth.Tests.Infrastructure;

namespace SliceClientGen.Auth.Tests;

/// <summary>Certificate, key and CA files are read again when their content changes; new connections use them.</summary>
public sealed class TlsReloadTests
{
    private static TestCertificates Certs => TestCertificates.Shared;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

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
