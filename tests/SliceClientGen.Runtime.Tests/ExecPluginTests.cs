using System.Net;
using System.Text.Json;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Runtime.Tests;

/// <summary>kubeconfig exec credential plugins: a /bin/sh script written by the test, run for real.</summary>
public sealed class ExecPluginTests
{
    private static readonly TestPki Pki = TestPki.Shared;

    private static ClusterConfiguration Load(string kubeconfig, TimeProvider? clock = null) =>
        ClusterConfiguration.FromKubeConfig(kubeconfig, null, TestEnvironment.Create(clock: clock));

    [Fact]
    public async Task Plugin_token_is_sent_and_the_plugin_gets_its_arguments_environment_and_exec_info()
    {
        using var plugin = new ExecPluginFixture();
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate, respond: TlsTestServer.AcceptTokens("tok-1"));
        string kubeconfig = plugin.WriteKubeConfig(server.Address, Pki.ClusterCa.CertificateBase64, provideClusterInfo: true);
        using HttpClient http = Load(kubeconfig).CreateHttpClient();

        HttpResponseMessage response = await http.GetAsync("api");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument info = JsonDocument.Parse(plugin.ExecInfo(1));
        Assert.Equal("ExecCredential", info.RootElement.GetProperty("kind").GetString());
        Assert.Equal("client.authentication.k8s.io/v1", info.RootElement.GetProperty("apiVersion").GetString());
        Assert.False(info.RootElement.GetProperty("spec").GetProperty("interactive").GetBoolean());
        Assert.Equal(server.Address.ToString(), info.RootElement.GetProperty("spec").GetProperty("cluster").GetProperty("server").GetString());
    }

    [Fact]
    public async Task Plugin_speaking_v1beta1_is_accepted()
    {
        using var plugin = new ExecPluginFixture();
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate, respond: TlsTestServer.AcceptTokens("tok-1"));
        using HttpClient http = Load(plugin.WriteKubeConfig(server.Address, Pki.ClusterCa.CertificateBase64, apiVersion: "client.authentication.k8s.io/v1beta1")).CreateHttpClient();

        HttpResponseMessage response = await http.GetAsync("api");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("v1beta1", plugin.ExecInfo(1));
    }

    [Fact]
    public async Task Token_is_reused_until_it_expires_then_the_plugin_runs_again()
    {
        using var plugin = new ExecPluginFixture();
        var clock = new ManualTimeProvider();
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate);
        string expiry = clock.GetUtcNow().AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ");
        using HttpClient http = Load(plugin.WriteKubeConfig(server.Address, Pki.ClusterCa.CertificateBase64, expiry: expiry), clock).CreateHttpClient();

        await http.GetAsync("a");
        clock.Advance(TimeSpan.FromMinutes(50));
        await http.GetAsync("b");
        clock.Advance(TimeSpan.FromMinutes(10));
        await http.GetAsync("c");

        Assert.Equal(["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"], server.Requests.Select(r => r.Authorization));
        Assert.Equal(2, plugin.Runs);
    }

    [Fact]
    public async Task Unauthorized_runs_the_plugin_again_and_retries_once()
    {
        using var plugin = new ExecPluginFixture();
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate, respond: TlsTestServer.AcceptTokens("tok-2"));
        using HttpClient http = Load(plugin.WriteKubeConfig(server.Address, Pki.ClusterCa.CertificateBase64)).CreateHttpClient();

        HttpResponseMessage response = await http.GetAsync("api");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Bearer tok-1", "Bearer tok-2"], server.Requests.Select(r => r.Authorization));
        Assert.Equal(2, plugin.Runs);
    }

    [Fact]
    public async Task Unauthorized_again_after_the_refresh_is_returned_without_a_loop()
    {
        using var plugin = new ExecPluginFixture();
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate, respond: TlsTestServer.AcceptTokens());
        using HttpClient http = Load(plugin.WriteKubeConfig(server.Address, Pki.ClusterCa.CertificateBase64)).CreateHttpClient();

        HttpResponseMessage response = await http.GetAsync("api");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(2, plugin.Runs);
    }

    [Fact]
    public async Task Concurrent_requests_run_the_plugin_once()
    {
        using var plugin = new ExecPluginFixture();
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate);
        using HttpClient http = Load(plugin.WriteKubeConfig(server.Address, Pki.ClusterCa.CertificateBase64, delay: "0.3")).CreateHttpClient();

        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => http.GetAsync("r" + i)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(server.Requests, r => Assert.Equal("Bearer tok-1", r.Authorization));
        Assert.Equal(1, plugin.Runs);
    }

    [Fact]
    public async Task Failing_plugin_error_names_the_command_the_user_the_exit_code_and_its_message()
    {
        using var plugin = new ExecPluginFixture("echo 'you must log in first' >&2\nexit 3");
        using HttpClient http = Load(plugin.WriteKubeConfig(new Uri("https://127.0.0.1:1/"), Pki.ClusterCa.CertificateBase64)).CreateHttpClient();

        var error = await Assert.ThrowsAsync<ClusterCredentialException>(() => http.GetAsync("api"));

        Assert.Contains("'./bin/plugin.sh'", error.Message);
        Assert.Contains("user 'plugin-user' in '" + Path.Combine(plugin.DirectoryPath, "kubeconfig") + "'", error.Message);
        Assert.Contains("exited with code 3: you must log in first", error.Message);
    }

    [Fact]
    public async Task Plugin_printing_something_other_than_JSON_fails_without_quoting_its_output()
    {
        using var plugin = new ExecPluginFixture("echo 'Xsecret-token-in-plain-text'");
        using HttpClient http = Load(plugin.WriteKubeConfig(new Uri("https://127.0.0.1:1/"), Pki.ClusterCa.CertificateBase64)).CreateHttpClient();

        var error = await Assert.ThrowsAsync<ClusterCredentialException>(() => http.GetAsync("api"));

        Assert.Contains("not an ExecCredential JSON document", error.Message);
        Assert.DoesNotContain("secret-token", error.ToString());
        Assert.DoesNotContain("'X'", error.ToString());
    }

    [Fact]
    public async Task Plugin_answering_with_another_apiVersion_is_refused()
    {
        using var plugin = new ExecPluginFixture("""printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}}'""");
        using HttpClient http = Load(plugin.WriteKubeConfig(new Uri("https://127.0.0.1:1/"), Pki.ClusterCa.CertificateBase64)).CreateHttpClient();

        var error = await Assert.ThrowsAsync<ClusterCredentialException>(() => http.GetAsync("api"));

        Assert.Contains("configured for apiVersion client.authentication.k8s.io/v1 but printed 'client.authentication.k8s.io/v1beta1'", error.Message);
    }

    [Fact]
    public async Task Plugin_that_cannot_be_started_shows_the_install_hint()
    {
        using var dir = new TempDirectory();
        string kubeconfig = dir.Write("config", """
            current-context: c
            clusters: [ { name: c, cluster: { server: "https://127.0.0.1:1" } } ]
            users:
            - name: u
              user:
                exec: { apiVersion: client.authentication.k8s.io/v1, command: scg-no-such-plugin, installHint: "Install it with: brew install scg-plugin" }
            contexts: [ { name: c, context: { cluster: c, user: u } } ]
            """);
        using HttpClient http = Load(kubeconfig).CreateHttpClient();

        var error = await Assert.ThrowsAsync<ClusterCredentialException>(() => http.GetAsync("api"));

        Assert.Contains("'scg-no-such-plugin'", error.Message);
        Assert.Contains("could not be started", error.Message);
        Assert.EndsWith("Install it with: brew install scg-plugin", error.Message);
    }
}
