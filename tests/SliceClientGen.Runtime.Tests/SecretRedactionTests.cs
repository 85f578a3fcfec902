using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Runtime.Tests;

/// <summary>Tokens and keys never show up in ToString, messages or logs.</summary>
public sealed class SecretRedactionTests
{
    private const string Token = "eyJhbGciOiJSUzI1NiJ9.super-secret-token";
    private static readonly TestPki Pki = TestPki.Shared;

    [Fact]
    public void ToString_of_a_kubeconfig_configuration_shows_where_but_never_the_token_or_the_key()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("config", $$"""
            current-context: c
            clusters: [ { name: c, cluster: { server: "https://c.example:6443", certificate-authority-data: {{Pki.ClusterCa.CertificateBase64}} } } ]
            users: [ { name: u, user: { token: "{{Token}}", client-certificate-data: {{Pki.ClientRsa.CertificateBase64}}, client-key-data: {{Pki.ClientRsa.KeyBase64}} } } ]
            contexts: [ { name: c, context: { cluster: c, user: u } } ]
            """);

        string text = ClusterConfiguration.FromKubeConfig(path).ToString();

        Assert.Contains("https://c.example:6443", text);
        Assert.Contains("users[u].user.client-key-data", text);
        Assert.DoesNotContain("super-secret", text);
        Assert.DoesNotContain(Pki.ClientRsa.KeyMaterial, text);
        Assert.DoesNotContain(Pki.ClientRsa.KeyBase64.Substring(0, 40), text);
    }

    [Fact]
    public void ToString_of_token_sources_never_shows_the_token()
    {
        Assert.DoesNotContain("super-secret", BearerTokenSource.FromToken(Token).ToString());
        Assert.DoesNotContain("super-secret", new ExecCredentialTokenSource("aws", ["eks", "get-token", Token], new Dictionary<string, string> { ["SECRET"] = Token }).ToString());
    }

    [Fact]
    public async Task Error_after_a_failed_request_contains_no_token_or_key_material()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate, requireClientCertificateFrom: Pki.OtherCa.Certificate);
        var tls = new TlsMaterial(PemSource.FromText(Pki.ClientRsa.CertificatePem), PemSource.FromText(Pki.ClientRsa.KeyPem), PemSource.FromText(Pki.ClusterCa.CertificatePem));
        using HttpClient http = new ClusterConfiguration(server.Address, BearerTokenSource.FromToken(Token), tls).CreateHttpClient();

        HttpRequestException error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("api?labelSelector=x"));

        string everything = error.ToString();
        Assert.DoesNotContain("super-secret", everything);
        Assert.DoesNotContain(Pki.ClientRsa.KeyMaterial, everything);
        Assert.DoesNotContain("labelSelector", everything);
    }

    [Fact]
    public async Task Log_entries_of_a_rejected_server_contain_no_token()
    {
        var logger = new ListLogger();
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.ServerFromOtherCa.Certificate);
        var tls = new TlsMaterial(certificateAuthorities: PemSource.FromText(Pki.ClusterCa.CertificatePem));
        using HttpClient http = new ClusterConfiguration(server.Address, BearerTokenSource.FromToken(Token), tls).CreateHttpClient(logger);

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("api"));

        Assert.NotEmpty(logger.Entries);
        Assert.All(logger.Entries, e => Assert.DoesNotContain("super-secret", e.Message));
    }
}
