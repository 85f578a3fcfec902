using System.Net;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Runtime.Tests;

/// <summary>kubeconfig files written by the test, loaded as kubectl loads them, then used over real TLS.</summary>
public sealed class KubeConfigTests
{
    private static readonly TestPki Pki = TestPki.Shared;

    [Fact]
    public async Task Inline_data_connects_with_the_client_certificate_and_sets_the_namespace()
    {
        using var dir = new TempDirectory();
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate, Pki.ClusterCa.Certificate);
        string path = dir.Write("config", $"""
            apiVersion: v1
            kind: Config
            current-context: admin@test
            clusters:
            - name: test
              cluster:
                server: {server.Address}
                certificate-authority-data: {Pki.ClusterCa.CertificateBase64}
            users:
            - name: admin
              user:
                client-certificate-data: {Pki.ClientRsa.CertificateBase64}
                client-key-data: {Pki.ClientRsa.KeyBase64}
            contexts:
            - name: admin@test
              context:
                cluster: test
                user: admin
                namespace: team-a
            """);

        ClusterConfiguration config = ClusterConfiguration.FromKubeConfig(path);
        using HttpClient http = config.CreateHttpClient();
        HttpResponseMessage response = await http.GetAsync("api");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("client-rsa", Assert.Single(server.Requests).ClientSubject);
        Assert.Equal("team-a", config.Namespace);
        Assert.Equal("admin@test", config.ContextName);
    }

    [Fact]
    public async Task Relative_file_paths_resolve_against_the_kubeconfig_directory()
    {
        using var dir = new TempDirectory();
        dir.Write("cluster/pki/ca.crt", Pki.ClusterCa.CertificatePem);
        dir.Write("cluster/pki/ec.crt", Pki.ClientEc.CertificatePem);
        dir.Write("cluster/pki/ec.key", Pki.ClientEc.KeyPem);
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate, Pki.ClusterCa.Certificate);
        string path = dir.Write("cluster/kubeconfig.yaml", $$"""
            current-context: dev
            clusters:
            - name: dev
              cluster: { server: "{{server.Address}}", certificate-authority: pki/ca.crt }
            users:
            - name: dev
              user: { client-certificate: pki/ec.crt, client-key: ./pki/ec.key }
            contexts:
            - name: dev
              context: { cluster: dev, user: dev }
            """);

        // Loaded from another working directory: only the kubeconfig's own directory can make the paths work.
        ClusterConfiguration config = ClusterConfiguration.FromKubeConfig(path);
        using HttpClient http = config.CreateHttpClient();
        HttpResponseMessage response = await http.GetAsync("api");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("client-ec", Assert.Single(server.Requests).ClientSubject);
        Assert.Equal("default", config.Namespace);
    }

    [Fact]
    public async Task KUBECONFIG_files_are_merged_and_the_first_file_to_define_a_name_wins()
    {
        using var dir = new TempDirectory();
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate);
        string first = dir.Write("first", $$"""
            clusters:
            - name: shared
              cluster: { server: "{{server.Address}}", certificate-authority-data: {{Pki.ClusterCa.CertificateBase64}} }
            users:
            - name: me
              user: { token: token-from-first-file }
            """);
        string second = dir.Write("second", """
            current-context: from-second
            clusters:
            - name: shared
              cluster: { server: "https://must-not-be-used.invalid:6443" }
            users:
            - name: me
              user: { token: token-from-second-file }
            contexts:
            - name: from-second
              context: { cluster: shared, user: me, namespace: merged }
            """);
        string missing = Path.Combine(dir.Path, "does-not-exist");
        var environment = TestEnvironment.Create(new Dictionary<string, string> { ["KUBECONFIG"] = string.Join(Path.PathSeparator, first, missing, second) });

        ClusterConfiguration config = ClusterConfiguration.FromKubeConfig(null, null, environment);
        using HttpClient http = config.CreateHttpClient();
        HttpResponseMessage response = await http.GetAsync("api");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer token-from-first-file", Assert.Single(server.Requests).Authorization);
        Assert.Equal(server.Address, config.Server);
        Assert.Equal(("from-second", "merged"), (config.ContextName, config.Namespace));
    }

    [Fact]
    public void Named_context_selects_its_cluster_user_and_namespace_instead_of_the_current_one()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("config", """
            current-context: prod
            clusters:
            - { name: prod, cluster: { server: "https://prod.example:6443" } }
            - { name: staging, cluster: { server: "https://staging.example:6443" } }
            users:
            - { name: prod-user, user: { token: prod-token } }
            - { name: staging-user, user: { token: staging-token } }
            contexts:
            - { name: prod, context: { cluster: prod, user: prod-user, namespace: web } }
            - { name: staging, context: { cluster: staging, user: staging-user, namespace: web-staging } }
            """);

        ClusterConfiguration config = ClusterConfiguration.FromKubeConfig(path, context: "staging");

        Assert.Equal(new Uri("https://staging.example:6443"), config.Server);
        Assert.Equal("web-staging", config.Namespace);
        Assert.Equal("staging", config.ContextName);
    }

    [Fact]
    public void Without_KUBECONFIG_the_home_kube_config_is_used()
    {
        using var dir = new TempDirectory();
        dir.Write(".kube/config", """
            current-context: home
            clusters: [ { name: home, cluster: { server: "https://home.example:6443" } } ]
            contexts: [ { name: home, context: { cluster: home } } ]
            """);

        ClusterConfiguration config = ClusterConfiguration.FromKubeConfig(null, null, TestEnvironment.Create(home: dir.Path));

        Assert.Equal(new Uri("https://home.example:6443"), config.Server);
        Assert.Null(config.Token);
    }

    [Fact]
    public void Token_file_wins_over_token_as_in_client_go()
    {
        using var dir = new TempDirectory();
        dir.Write("token", "from-file\n");
        string path = dir.Write("config", """
            current-context: c
            clusters: [ { name: c, cluster: { server: "https://c.example" } } ]
            users: [ { name: u, user: { token: inline-token, tokenFile: token } } ]
            contexts: [ { name: c, context: { cluster: c, user: u } } ]
            """);

        ClusterConfiguration config = ClusterConfiguration.FromKubeConfig(path);

        Assert.Contains(Path.Combine(dir.Path, "token"), config.Token!.ToString());
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_connects_to_an_unknown_server_and_logs_one_warning()
    {
        using var dir = new TempDirectory();
        var logger = new ListLogger();
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.ServerFromOtherCa.Certificate);
        string path = dir.Write("config", $$"""
            current-context: lab
            clusters: [ { name: lab, cluster: { server: "{{server.Address}}", insecure-skip-tls-verify: true } } ]
            contexts: [ { name: lab, context: { cluster: lab } } ]
            """);
        ClusterConfiguration config = ClusterConfiguration.FromKubeConfig(path);

        using HttpClient first = config.CreateHttpClient(logger);
        using HttpClient second = config.CreateHttpClient(logger);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("a")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("b")).StatusCode);

        Assert.Contains("insecure-skip-tls-verify", Assert.Single(logger.Warnings));
        Assert.Contains("verification DISABLED", config.ToString());
    }
}
