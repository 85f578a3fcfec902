using SliceClientGen.Auth.Tests.Infrastructure;
using SliceClientGen.Auth.Tests.Kube;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;

namespace SliceClientGen.Auth.Tests;

/// <summary>Client certificates against a Kestrel server that requires one and checks it against the cluster CA.</summary>
public sealed class MutualTlsTests
{
    private static TestCertificates Certs => TestCertificates.Shared;

    private static ClusterConfiguration WithClientCertificate(LoopbackServer server, TestCertificate client, KeyFormat? format = null) =>
        new(server.BaseAddress, tls: new TlsMaterial(
            PemSource.FromText(client.CertificatePem, "test client certificate"),
            PemSource.FromText(format is { } f ? client.KeyPem(f) : client.KeyPem(), "test client key"),
            PemSource.FromText(Certs.Ca.CertificatePem, "test CA")));

    private static ClusterConfiguration WithoutClientCertificate(LoopbackServer server, bool http2) =>
        new(server.BaseAddress, tls: new TlsMaterial(certificateAuthorities: PemSource.FromText(Certs.Ca.CertificatePem, "test CA"))) { PreferHttp2 = http2 };

    [Fact]
    public async Task A_client_certificate_with_an_RSA_key_from_the_cluster_CA_gets_200_through_the_generated_client()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server, clientCertificateAuthority: Certs.Ca);

        EndpointSliceList list = await Clients.Kube(WithClientCertificate(server, Certs.ClientRsa)).ListAsync().Within();

        Assert.Equal("7", list.Metadata!.ResourceVersion);
        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices", request.Path);
        Assert.Equal(Certs.ClientRsa.Subject, request.ClientCertificate);
    }

    [Fact]
    public async Task A_client_certificate_with_an_EC_key_from_the_cluster_CA_gets_200()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server, clientCertificateAuthority: Certs.Ca);

        await Clients.Kube(WithClientCertificate(server, Certs.ClientEc)).ListAsync().Within();

        Assert.Equal(Certs.ClientEc.Subject, Assert.Single(server.Requests).ClientCertificate);
    }

    [Theory]
    [InlineData("rsa", KeyFormat.Pkcs1, "RSA PRIVATE KEY")]
    [InlineData("rsa", KeyFormat.Pkcs8, "PRIVATE KEY")]
    [InlineData("ec", KeyFormat.Sec1, "EC PRIVATE KEY")]
    [InlineData("ec", KeyFormat.Pkcs8, "PRIVATE KEY")]
    public async Task Client_keys_in_PEM_files_are_read_as_PKCS1_SEC1_or_PKCS8(string algorithm, KeyFormat format, string pemLabel)
    {
        TestCertificate client = algorithm == "rsa" ? Certs.ClientRsa : Certs.ClientEc;
        using var directory = new TempDirectory();
        string key = directory.Write("client.key", client.KeyPem(format));
        Assert.StartsWith("-----BEGIN " + pemLabel + "-----", File.ReadAllText(key));
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server, clientCertificateAuthority: Certs.Ca);
        var configuration = new ClusterConfiguration(server.BaseAddress, tls: new TlsMaterial(
            PemSource.FromFile(directory.Write("client.crt", client.CertificatePem)),
            PemSource.FromFile(key),
            PemSource.FromFile(directory.Write("ca.crt", Certs.Ca.CertificatePem))));

        await Clients.Kube(configuration).ListAsync().Within();

        Assert.Equal(client.Subject, Assert.Single(server.Requests).ClientCertificate);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Without_a_client_certificate_the_request_fails_with_an_HttpRequestException_that_says_so_over_HTTP2_and_HTTP11(bool http2)
    {
        // Over HTTP/2 the server's refusal (a TLS 1.3 alert after the handshake) ends the connection before the
        // HTTP/2 preface is answered; over HTTP/1.1 before the response.
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server, clientCertificateAuthority: Certs.Ca);

        Exception e = await Waits.FailureOf(() => Clients.Kube(WithoutClientCertificate(server, http2)).ListAsync());

        HttpRequestException failure = Assert.IsType<HttpRequestException>(e);
        Assert.Contains("the API server at " + server.BaseAddress.GetLeftPart(UriPartial.Authority), failure.Message);
        Assert.Contains("no client certificate is configured", failure.Message);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_certificate_from_another_CA_is_refused_and_the_request_fails_with_an_HttpRequestException_that_names_it_over_HTTP2_and_HTTP11(bool http2)
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server, clientCertificateAuthority: Certs.Ca);
        ClusterConfiguration refused = WithClientCertificate(server, Certs.ClientFromOtherCa);
        var configuration = new ClusterConfiguration(server.BaseAddress, tls: refused.Tls) { PreferHttp2 = http2 };

        Exception e = await Waits.FailureOf(() => Clients.Kube(configuration).ListAsync());

        HttpRequestException failure = Assert.IsType<HttpRequestException>(e);
        Assert.Contains("the API server at " + server.BaseAddress.GetLeftPart(UriPartial.Authority), failure.Message);
        Assert.Contains("the client certificate is test client certificate with key test client key", failure.Message);
        Assert.True(failure.InnerException is HttpRequestException or IOException, "The cause is kept: " + failure.InnerException);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_key_that_does_not_belong_to_the_certificate_is_refused_when_the_configuration_is_made()
    {
        ClusterCredentialException e = Assert.Throws<ClusterCredentialException>(() => new TlsMaterial(
            PemSource.FromText(Certs.ClientRsa.CertificatePem, "client.crt"),
            PemSource.FromText(Certs.ClientFromOtherCa.KeyPem(), "someone-else.key")));

        Assert.Contains("client.crt", e.Message);
        Assert.Contains("someone-else.key", e.Message);
        Assert.DoesNotContain(Certs.ClientFromOtherCa.KeyMaterial, e.ToString());
    }

    [Fact]
    public async Task Client_certificate_from_PKCS12_is_accepted()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server, clientCertificateAuthority: Certs.Ca);
        byte[] pfx = Certs.ClientRsa.Certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "pfx-password");
        var configuration = new ClusterConfiguration(server.BaseAddress, tls: TlsMaterial.FromPkcs12(pfx, "pfx-password", PemSource.FromText(Certs.Ca.CertificatePem, "test CA")));

        await Clients.Kube(configuration).ListAsync().Within();

        Assert.Equal(Certs.ClientRsa.Subject, Assert.Single(server.Requests).ClientCertificate);
    }
}
