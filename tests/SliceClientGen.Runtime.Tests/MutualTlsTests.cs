using System.Net;
using System.Security.Cryptography.X509Certificates;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Runtime.Tests;

/// <summary>Client certificates against a Kestrel server that requires one chaining to the cluster CA.</summary>
public sealed class MutualTlsTests
{
    private static readonly TestPki Pki = TestPki.Shared;

    private static PemSource ClusterCa => PemSource.FromText(Pki.ClusterCa.CertificatePem, "test cluster CA");

    private static Task<TlsTestServer> StartServerRequiringClientCertificate() =>
        TlsTestServer.StartAsync(Pki.Server.Certificate, requireClientCertificateFrom: Pki.ClusterCa.Certificate);

    private static HttpClient Client(TlsTestServer server, TlsMaterial tls) =>
        new ClusterConfiguration(server.Address, tls: tls).CreateHttpClient();

    [Fact]
    public async Task Rsa_client_certificate_from_PEM_files_is_accepted()
    {
        using var dir = new TempDirectory();
        await using TlsTestServer server = await StartServerRequiringClientCertificate();
        var tls = new TlsMaterial(
            PemSource.FromFile(dir.Write("client.crt", Pki.ClientRsa.CertificatePem)),
            PemSource.FromFile(dir.Write("client.key", Pki.ClientRsa.KeyPem)),
            PemSource.FromFile(dir.Write("ca.crt", Pki.ClusterCa.CertificatePem)));
        using HttpClient http = Client(server, tls);

        HttpResponseMessage response = await http.GetAsync("api");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("client-rsa", Assert.Single(server.Requests).ClientSubject);
    }

    [Fact]
    public async Task EC_client_certificate_from_inline_PEM_is_accepted_without_a_PKCS12_round_trip()
    {
        await using TlsTestServer server = await StartServerRequiringClientCertificate();
        // On Linux the certificate from X509Certificate2.CreateFromPem (an in-memory key) goes to SslStream as is;
        // only Windows gets a PKCS#12 round trip. This handshake is the proof that Linux needs none.
        var tls = new TlsMaterial(PemSource.FromText(Pki.ClientEc.CertificatePem), PemSource.FromText(Pki.ClientEc.KeyPem), ClusterCa);
        using HttpClient http = Client(server, tls);

        HttpResponseMessage response = await http.GetAsync("api");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("client-ec", Assert.Single(server.Requests).ClientSubject);
    }

    [Fact]
    public async Task Client_certificate_from_PKCS12_is_accepted()
    {
        await using TlsTestServer server = await StartServerRequiringClientCertificate();
        byte[] pfx = Pki.ClientRsa.Certificate.Export(X509ContentType.Pkcs12, "pfx-password");
        using HttpClient http = Client(server, TlsMaterial.FromPkcs12(pfx, "pfx-password", ClusterCa));

        HttpResponseMessage response = await http.GetAsync("api");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("client-rsa", Assert.Single(server.Requests).ClientSubject);
    }

    [Fact]
    public async Task Without_a_client_certificate_the_server_rejects_the_connection()
    {
        await using TlsTestServer server = await StartServerRequiringClientCertificate();
        using HttpClient http = Client(server, new TlsMaterial(certificateAuthorities: ClusterCa));

        HttpRequestException error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("api"));

        Assert.Empty(server.Requests);
        Assert.Contains("refuses a client certificate", error.Message);
        Assert.Contains("no client certificate is configured", error.Message);
    }

    [Fact]
    public async Task Client_certificate_from_a_foreign_CA_is_rejected_by_the_server()
    {
        await using TlsTestServer server = await StartServerRequiringClientCertificate();
        var tls = new TlsMaterial(PemSource.FromText(Pki.ClientFromOtherCa.CertificatePem), PemSource.FromText(Pki.ClientFromOtherCa.KeyPem), ClusterCa);
        using HttpClient http = Client(server, tls);

        HttpRequestException error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("api"));

        Assert.Empty(server.Requests);
        Assert.Contains("the client certificate is inline PEM", error.Message);
    }

    [Fact]
    public async Task Certificate_and_key_that_do_not_belong_together_fail_naming_both_files()
    {
        using var dir = new TempDirectory();
        string certificate = dir.Write("client.crt", Pki.ClientRsa.CertificatePem);
        string key = dir.Write("other.key", Pki.ClientRsaRenewed.KeyPem);

        var error = Assert.Throws<ClusterCredentialException>(() => new TlsMaterial(PemSource.FromFile(certificate), PemSource.FromFile(key)));

        Assert.Contains(certificate, error.Message);
        Assert.Contains(key, error.Message);
        Assert.DoesNotContain(Pki.ClientRsaRenewed.KeyMaterial, error.ToString());
    }
}
