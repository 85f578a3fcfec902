using SliceClientGen.Auth.Tests.Infrastructure;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Auth.Tests;

/// <summary>Tokens, keys and plugin output never reach exception messages, inner exceptions or ToString().</summary>
public sealed class SecretRedactionTests
{
    private const string Token = "sEcReT-t0ken-value-4711";

    private static TestCertificates Certs => TestCertificates.Shared;

    /// <summary>Lines of base64 from the middle of the key PEMs (any would do; none may appear anywhere).</summary>
    private static IEnumerable<string> KeyMaterial(TestCertificate certificate) =>
        new[] { KeyFormat.Pkcs8, certificate.Key is System.Security.Cryptography.RSA ? KeyFormat.Pkcs1 : KeyFormat.Sec1 }
            .SelectMany(format => certificate.KeyPem(format).Split('\n').Skip(2).Take(2));

    private static void AssertHoldsNo(string text, IEnumerable<string> secrets)
    {
        foreach (string secret in secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_401_ApiException_from_the_generated_client_holds_no_token()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        server.Respond(Responses.Unauthorized);

        ApiException e = await Assert.ThrowsAnyAsync<ApiException>(() => Clients.Kube(BearerTokenTests.Over(server, BearerTokenSource.FromToken(Token))).ListAsync().Within());

        Assert.True(e.IsUnauthorized);
        Assert.Equal("Bearer " + Token, Assert.Single(server.Requests).Authorization);
        AssertHoldsNo(e.ToString(), new[] { Token });
    }

    [Fact]
    public async Task A_TLS_failure_holds_no_token_and_no_key_material()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server, clientCertificateAuthority: Certs.Ca);
        var configuration = new ClusterConfiguration(server.BaseAddress, BearerTokenSource.FromToken(Token), new TlsMaterial(
            PemSource.FromText(Certs.ClientFromOtherCa.CertificatePem, "foreign.crt"),
            PemSource.FromText(Certs.ClientFromOtherCa.KeyPem(), "foreign.key"),
            PemSource.FromText(Certs.Ca.CertificatePem, "ca.crt")));

        Exception e = await Waits.FailureOf(() => Clients.Kube(configuration).ListAsync());

        Assert.IsType<HttpRequestException>(e);
        AssertHoldsNo(e.ToString(), KeyMaterial(Certs.ClientFromOtherCa).Append(Token).Append("PRIVATE KEY"));
    }

    [Fact]
    public async Task A_failed_exec_plugin_is_reported_with_its_stderr_but_never_its_stdout()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        using var state = new TempDirectory();
        var plugin = new ExecCredentialTokenSource(ExecPlugin.Path, new[] { "--secret-arg", Token }, new Dictionary<string, string>
        {
            ["PLUGIN_STATE"] = state.Path,
            ["PLUGIN_MODE"] = "fail",
            ["PLUGIN_PASSWORD"] = Token,
        });

        ClusterCredentialException e = await Assert.ThrowsAsync<ClusterCredentialException>(() => Clients.Kube(BearerTokenTests.Over(server, plugin)).ListAsync().Within());

        Assert.Contains("identity provider unreachable", e.Message);
        AssertHoldsNo(e.ToString(), new[] { "tok-leaked-from-stdout", Token });
    }

    [Fact]
    public async Task A_plugin_printing_invalid_JSON_is_reported_without_quoting_its_output()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        using var state = new TempDirectory();
        var plugin = new ExecCredentialTokenSource(ExecPlugin.Path, environment: ExecPlugin.Environment(state.Path, "badjson"));

        ClusterCredentialException e = await Assert.ThrowsAsync<ClusterCredentialException>(() => Clients.Kube(BearerTokenTests.Over(server, plugin)).ListAsync().Within());

        AssertHoldsNo(e.ToString(), new[] { "tok-leaked-from-bad-json" });
    }

    [Fact]
    public void ClusterConfiguration_ToString_shows_where_credentials_come_from_but_no_token_key_or_certificate_data()
    {
        using var directory = new TempDirectory();
        string[] user = KubeConfigs.ClientCertificateData(Certs.ClientRsa).Append("token: " + Token).ToArray();
        string path = directory.Write("config", KubeConfigs.Single(new Uri("https://127.0.0.1:6443"), KubeConfigs.TrustTestCa, user, @namespace: "team-a"));

        string text = ClusterConfiguration.FromKubeConfig(path).ToString();

        Assert.Contains("https://127.0.0.1:6443", text);
        Assert.Contains("team-a", text);
        Assert.Contains("redacted", text);
        Assert.Contains("client-key-data", text);
        AssertHoldsNo(text, KeyMaterial(Certs.ClientRsa)
            .Append(Token)
            .Append(TestCertificate.Base64(Certs.ClientRsa.KeyPem())[..40])
            .Append(TestCertificate.Base64(Certs.ClientRsa.CertificatePem)[..40])
            .Append(TestCertificate.Base64(Certs.Ca.CertificatePem)[..40]));
    }

    [Fact]
    public void BearerTokenSource_ToString_never_shows_the_token()
    {
        using var directory = new TempDirectory();
        string file = directory.Write("token", Token);
        BearerTokenSource[] sources =
        {
            BearerTokenSource.FromToken(Token),
            BearerTokenSource.FromFile(file),
            BearerTokenSource.FromProvider((_, _) => ValueTask.FromResult(Token)),
            new ExecCredentialTokenSource("/usr/bin/corp-login", new[] { Token }, new Dictionary<string, string> { ["PASSWORD"] = Token }),
        };

        foreach (BearerTokenSource source in sources)
        {
            string text = source.ToString()!;
            Assert.Contains("redacted", text);
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Client_key_data_that_is_not_base64_is_reported_by_its_key_never_its_value()
    {
        using var directory = new TempDirectory();
        const string notBase64 = "MIIEvQ!!not-base64-but-secret!!";
        string path = directory.Write("config", KubeConfigs.Single(new Uri("https://127.0.0.1:6443"), Array.Empty<string>(), new[]
        {
            "client-certificate-data: " + TestCertificate.Base64(Certs.ClientRsa.CertificatePem),
            "client-key-data: " + notBase64,
        }));

        KubeConfigException e = Assert.Throws<KubeConfigException>(() => ClusterConfiguration.FromKubeConfig(path));

        Assert.Contains("users[user].user.client-key-data", e.Message);
        Assert.DoesNotContain(notBase64, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_entries_of_a_rejected_server_contain_no_token()
    {
        var logger = new FakeLogger();
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.ServerFromOtherCa);
        var tls = new TlsMaterial(certificateAuthorities: PemSource.FromText(Certs.Ca.CertificatePem));
        using HttpClient http = new ClusterConfiguration(server.BaseAddress, BearerTokenSource.FromToken(Token), tls).CreateHttpClient(logger);

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("api"));

        Assert.NotEmpty(logger.Collector.GetSnapshot());
        Assert.All(logger.Collector.GetSnapshot(), e => Assert.DoesNotContain(Token, e.Message));
    }
}
