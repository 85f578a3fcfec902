using System.Text.Json;
using SliceClientGen.Auth.Tests.Infrastructure;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Auth.Tests;

/// <summary>
/// kubeconfig exec credential plugins, run for real: a /bin/sh script (<see cref="ExecPlugin"/>) that counts its
/// runs in its state directory and prints an ExecCredential whose expiry the test sets; a manual clock decides expiry.
/// </summary>
public sealed class ExecPluginTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _state = new();
    private readonly FakeTimeProvider _clock = new(Start);

    public void Dispose() => _state.Dispose();

    private ExecCredentialTokenSource Plugin(string mode = "ok", params string[] arguments) =>
        new(ExecPlugin.Path, arguments, new Dictionary<string, string>
        {
            ["PLUGIN_STATE"] = _state.Path,
            ["PLUGIN_GREETING"] = "hi",
            ["PLUGIN_MODE"] = mode,
        }, timeProvider: _clock);

    [Fact]
    public async Task The_plugin_gets_the_kubeconfig_args_and_env_and_the_token_it_prints_is_sent()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server);
        ExecPlugin.LinkInto(_state["credential-plugin"]);
        string path = _state.Write("config", KubeConfigs.Single(server.BaseAddress, KubeConfigs.TrustTestCa, new[]
        {
            "exec:",
            "  apiVersion: client.authentication.k8s.io/v1",
            "  command: ./credential-plugin",
            "  args: [\"--cluster\", \"blue\"]",
            "  env:",
            "  - name: PLUGIN_STATE",
            "    value: " + _state.Path,
            "  - name: PLUGIN_GREETING",
            "    value: hello",
            "  interactiveMode: Never",
            "  provideClusterInfo: true",
        }));

        await Clients.Kube(ClusterConfiguration.FromKubeConfig(path)).ListAsync().Within();

        Assert.Equal("Bearer tok---cluster_blue-hello-1", Assert.Single(server.Requests).Authorization);
        using JsonDocument info = JsonDocument.Parse(File.ReadAllText(_state["exec-info"]));
        Assert.Equal("ExecCredential", info.RootElement.GetProperty("kind").GetString());
        Assert.Equal("client.authentication.k8s.io/v1", info.RootElement.GetProperty("apiVersion").GetString());
        Assert.False(info.RootElement.GetProperty("spec").GetProperty("interactive").GetBoolean());
        Assert.Equal(server.BaseAddress.GetLeftPart(UriPartial.Authority), info.RootElement.GetProperty("spec").GetProperty("cluster").GetProperty("server").GetString());
    }

    [Fact]
    public async Task The_token_is_reused_until_it_expires_so_the_plugin_runs_once_for_several_requests()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server);
        ExecPlugin.SetExpiry(_state.Path, Start.AddMinutes(5));
        var client = Clients.Kube(BearerTokenTests.Over(server, Plugin()));

        for (int i = 0; i < 3; i++)
        {
            await client.ListAsync().Within();
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(1, ExecPlugin.Runs(_state.Path));
        Assert.All(server.Requests, r => Assert.Equal("Bearer tok--hi-1", r.Authorization));
    }

    [Fact]
    public async Task The_plugin_runs_again_once_the_token_is_about_to_expire()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server);
        ExecPlugin.SetExpiry(_state.Path, Start.AddMinutes(5));
        var client = Clients.Kube(BearerTokenTests.Over(server, Plugin()));
        await client.ListAsync().Within();

        ExecPlugin.SetExpiry(_state.Path, Start.AddHours(1));
        _clock.Advance(TimeSpan.FromMinutes(5) - ExecCredentialTokenSource.ExpiryMargin);
        await client.ListAsync().Within();
        await client.ListAsync().Within();

        Assert.Equal(2, ExecPlugin.Runs(_state.Path));
        Assert.Equal(new[] { "Bearer tok--hi-1", "Bearer tok--hi-2", "Bearer tok--hi-2" }, server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task After_a_401_the_plugin_runs_again_and_the_request_is_retried_with_its_new_token()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server);
        server.Respond(Responses.RejectTokens("tok--hi-1"));
        ExecPlugin.SetExpiry(_state.Path, Start.AddHours(1));

        await Clients.Kube(BearerTokenTests.Over(server, Plugin())).ListAsync().Within();

        Assert.Equal(2, ExecPlugin.Runs(_state.Path));
        Assert.Equal(new[] { "Bearer tok--hi-1", "Bearer tok--hi-2" }, server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_server_that_always_answers_401_gets_two_requests_and_the_plugin_runs_twice()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server);
        server.Respond(Responses.Unauthorized);

        ApiException e = await Assert.ThrowsAnyAsync<ApiException>(() => Clients.Kube(BearerTokenTests.Over(server, Plugin())).ListAsync().Within());

        Assert.True(e.IsUnauthorized);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(2, ExecPlugin.Runs(_state.Path));
    }

    [Fact]
    public async Task Twenty_concurrent_requests_run_the_plugin_once()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server);
        ExecPlugin.SetExpiry(_state.Path, Start.AddHours(1));
        var client = Clients.Kube(BearerTokenTests.Over(server, Plugin()));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.ListAsync())).Within();

        Assert.Equal(1, ExecPlugin.Runs(_state.Path));
        Assert.Equal(20, server.Requests.Count(r => r.Authorization == "Bearer tok--hi-1"));
    }

    [Fact]
    public async Task Twenty_concurrent_requests_after_expiry_run_the_plugin_once_more()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server);
        ExecPlugin.SetExpiry(_state.Path, Start.AddMinutes(5));
        var client = Clients.Kube(BearerTokenTests.Over(server, Plugin()));
        await client.ListAsync().Within();

        ExecPlugin.SetExpiry(_state.Path, Start.AddHours(1));
        _clock.Advance(TimeSpan.FromMinutes(10));
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.ListAsync())).Within();

        Assert.Equal(2, ExecPlugin.Runs(_state.Path));
        Assert.Equal(20, server.Requests.Count(r => r.Authorization == "Bearer tok--hi-2"));
    }

    [Fact]
    public async Task Twenty_concurrent_401s_run_the_plugin_once_more_and_every_request_succeeds_with_the_new_token()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server);
        ExecPlugin.SetExpiry(_state.Path, Start.AddHours(1));
        server.Respond(Responses.RejectTokens("tok--hi-1"));
        var client = Clients.Kube(BearerTokenTests.Over(server, Plugin()));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.ListAsync())).Within();

        Assert.Equal(2, ExecPlugin.Runs(_state.Path));
        Assert.Equal(20, server.Requests.Count(r => r.Authorization == "Bearer tok--hi-2"));
    }

    [Fact]
    public async Task A_401_that_arrives_after_the_refresh_for_an_earlier_401_reuses_the_new_token_instead_of_running_the_plugin_again()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server);
        ExecPlugin.SetExpiry(_state.Path, Start.AddHours(1));
        ExecCredentialTokenSource plugin = Plugin();
        Assert.Equal("tok--hi-1", await plugin.GetTokenAsync(forceRefresh: false, CancellationToken.None));
        var refreshedTokenSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int rejected = 0;
        server.Respond(async context =>
        {
            string authorization = context.Request.Headers.Authorization.ToString();
            if (authorization != "Bearer tok--hi-1")
            {
                refreshedTokenSeen.TrySetResult();
                await Responses.EmptyList(context);
                return;
            }

            if (Interlocked.Increment(ref rejected) == 2)
            {
                // The slower of the two requests sent with the old token: its 401 comes after the other's refresh and retry.
                await refreshedTokenSeen.Task.WaitAsync(context.RequestAborted);
            }

            await Responses.Unauthorized(context);
        });
        var client = Clients.Kube(BearerTokenTests.Over(server, plugin));

        await Task.WhenAll(client.ListAsync(), client.ListAsync()).Within();

        Assert.Equal(2, ExecPlugin.Runs(_state.Path));
        Assert.Equal(2, server.Requests.Count(r => r.Authorization == "Bearer tok--hi-2"));
    }

    [Fact]
    public async Task A_plugin_that_exits_1_fails_the_request_with_a_ClusterCredentialException_quoting_its_stderr()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server);

        ClusterCredentialException e = await Assert.ThrowsAsync<ClusterCredentialException>(() => Clients.Kube(BearerTokenTests.Over(server, Plugin("fail"))).ListAsync().Within());

        Assert.Contains("exited with code 1", e.Message);
        Assert.Contains("error: identity provider unreachable (run 'corp-login' first)", e.Message);
        Assert.Contains(ExecPlugin.Path, e.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_plugin_that_prints_invalid_JSON_fails_the_request_with_a_ClusterCredentialException_saying_so()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server);

        ClusterCredentialException e = await Assert.ThrowsAsync<ClusterCredentialException>(() => Clients.Kube(BearerTokenTests.Over(server, Plugin("badjson"))).ListAsync().Within());

        Assert.Contains("printed something that is not an ExecCredential JSON document", e.Message);
        Assert.Empty(server.Requests);
    }

    /// <summary>
    /// Writes <paramref name="script"/> as <c>plugin.sh</c> in the state directory and a kubeconfig there whose user
    /// runs it as <c>./plugin.sh</c> (relative to the kubeconfig, as kubeconfigs often have it); returns the kubeconfig.
    /// </summary>
    private string KubeConfigRunning(string script, Uri server, string apiVersion = "client.authentication.k8s.io/v1")
    {
        _state.WriteScript("plugin.sh", script);
        return _state.Write("kubeconfig", KubeConfigs.Single(server, KubeConfigs.TrustTestCa, new[] { "exec:", "  apiVersion: " + apiVersion, "  command: ./plugin.sh", "  interactiveMode: Never" }));
    }

    private static ClusterConfiguration Load(string kubeconfig) => ClusterConfiguration.FromKubeConfig(kubeconfig, null, Clients.Environment());

    [Fact]
    public async Task Plugin_speaking_v1beta1_is_accepted()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server, null, Responses.AcceptTokens("tok-beta"));
        string kubeconfig = KubeConfigRunning(
            $$$"""
            printf '%s' "$KUBERNETES_EXEC_INFO" > '{{{_state["exec-info"]}}}'
            printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"tok-beta"}}'
            """,
            server.BaseAddress,
            apiVersion: "client.authentication.k8s.io/v1beta1");

        await Clients.Kube(Load(kubeconfig)).ListAsync().Within();

        Assert.Equal("Bearer tok-beta", Assert.Single(server.Requests).Authorization);
        Assert.Contains("v1beta1", File.ReadAllText(_state["exec-info"]));
    }

    [Fact]
    public async Task Failing_plugin_error_names_the_command_the_user_the_exit_code_and_its_message()
    {
        string kubeconfig = KubeConfigRunning("echo 'you must log in first' >&2\nexit 3", new Uri("https://127.0.0.1:1/"));

        var error = await Assert.ThrowsAsync<ClusterCredentialException>(() => Clients.Kube(Load(kubeconfig)).ListAsync().Within());

        Assert.Contains("'./plugin.sh'", error.Message);
        Assert.Contains("user 'user' in '" + kubeconfig + "'", error.Message);
        Assert.Contains("exited with code 3: you must log in first", error.Message);
    }

    [Fact]
    public async Task Plugin_answering_with_another_apiVersion_is_refused()
    {
        string kubeconfig = KubeConfigRunning("""printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}}'""", new Uri("https://127.0.0.1:1/"));

        var error = await Assert.ThrowsAsync<ClusterCredentialException>(() => Clients.Kube(Load(kubeconfig)).ListAsync().Within());

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
        var error = await Assert.ThrowsAsync<ClusterCredentialException>(() => Clients.Kube(Load(kubeconfig)).ListAsync().Within());

        Assert.Contains("'scg-no-such-plugin'", error.Message);
        Assert.Contains("could not be started", error.Message);
        Assert.EndsWith("Install it with: brew install scg-plugin", error.Message);
    }
}
