using System.Net;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Runtime.Tests;

/// <summary>Certificate, key and CA files are read again when their content changes; new connections use them.</summary>
public sealed class TlsReloadTests
{
    private static readonly TestPki Pki = TestPki.Shared;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Rotated_client_certificate_files_are_used_by_new_connections_after_the_reload_interval()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider();
        string certificate = dir.Write("client.crt", Pki.ClientRsa.CertificatePem);
        string key = dir.Write("client.key", Pki.ClientRsa.KeyPem);
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate, Pki.ClusterCa.Certificate, closeConnections: true);
        var tls = new TlsMaterial(PemSource.FromFile(certificate), PemSource.FromFile(key), PemSource.FromText(Pki.ClusterCa.CertificatePem), reloadInterval: Interval, timeProvider: clock);
        using HttpClient http = new ClusterConfiguration(server.Address, tls: tls).CreateHttpClient();
        (await http.GetAsync("a")).EnsureSuccessStatusCode();

        File.WriteAllText(certificate, Pki.ClientRsaRenewed.CertificatePem);
        File.WriteAllText(key, Pki.ClientRsaRenewed.KeyPem);
        (await http.GetAsync("b")).EnsureSuccessStatusCode();
        clock.Advance(Interval);
        (await http.GetAsync("c")).EnsureSuccessStatusCode();

        Assert.Equal(["client-rsa", "client-rsa", "client-rsa-renewed"], server.Requests.Select(r => r.ClientSubject));
    }

    [Fact]
    public async Task Rotated_CA_file_is_used_after_the_reload_interval()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider();
        string ca = dir.Write("ca.crt", Pki.ClusterCa.CertificatePem);
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate, closeConnections: true);
        var tls = new TlsMaterial(certificateAuthorities: PemSource.FromFile(ca), reloadInterval: Interval, timeProvider: clock);
        using HttpClient http = new ClusterConfiguration(server.Address, tls: tls).CreateHttpClient();
        (await http.GetAsync("a")).EnsureSuccessStatusCode();

        // The cluster moves to a new CA: the server's certificate and the CA file change together.
        server.UseCertificate(Pki.ServerFromOtherCa.Certificate);
        File.WriteAllText(ca, Pki.OtherCa.CertificatePem);
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
        var clock = new ManualTimeProvider();
        string certificate = dir.Write("client.crt", Pki.ClientRsa.CertificatePem);
        string key = dir.Write("client.key", Pki.ClientRsa.KeyPem);
        var tls = new TlsMaterial(PemSource.FromFile(certificate), PemSource.FromFile(key), reloadInterval: Interval, timeProvider: clock);
        DateTime stamp = File.GetLastWriteTimeUtc(certificate);

        File.WriteAllText(certificate, Pki.ClientRsaRenewed.CertificatePem);
        File.WriteAllText(key, Pki.ClientRsaRenewed.KeyPem);
        File.SetLastWriteTimeUtc(certificate, stamp);
        File.SetLastWriteTimeUtc(key, stamp);
        clock.Advance(Interval);

        Assert.Equal("client-rsa-renewed", tls.ClientCertificate!.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false));
    }

    [Fact]
    public void Half_rotated_files_keep_the_current_certificate_and_log_why()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider();
        var logger = new ListLogger();
        string certificate = dir.Write("client.crt", Pki.ClientRsa.CertificatePem);
        string key = dir.Write("client.key", Pki.ClientRsa.KeyPem);
        var tls = new TlsMaterial(PemSource.FromFile(certificate), PemSource.FromFile(key), reloadInterval: Interval, timeProvider: clock);
        tls.Configure(new SocketsHttpHandler(), logger);

        File.WriteAllText(certificate, Pki.ClientRsaRenewed.CertificatePem);
        clock.Advance(Interval);

        Assert.Equal("client-rsa", tls.ClientCertificate!.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false));
        string warning = Assert.Single(logger.Warnings);
        Assert.Contains(certificate, warning);
        Assert.DoesNotContain(Pki.ClientRsa.KeyMaterial, warning);
    }
}
