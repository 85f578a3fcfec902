using SliceClientGen.Auth.Tests.Infrastructure;
using SliceClientGen.Auth.Tests.Kube;
using SliceClientGen.Runtime.Config;

namespace SliceClientGen.Auth.Tests;

/// <summary>Kubeconfig files as kubectl reads them, used against the mutual-TLS server.</summary>
public sealed class KubeConfigTests
{
    private static TestCertificates Certs => TestCertificates.Shared;

    [Fact]
    public async Task Inline_certificate_authority_client_certificate_and_client_key_data_connect_with_mutual_TLS()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server, clientCertificateAuthority: Certs.Ca);
        using var directory = new TempDirectory();
        string path = directory.Write("config", KubeConfigs.Single(server.BaseAddress, KubeConfigs.TrustTestCa, KubeConfigs.ClientCertificateData(Certs.ClientRsa)));

        await Clients.Kube(ClusterConfiguration.FromKubeConfig(path)).ListAsync().Within();

        Assert.Equal(Certs.ClientRsa.Subject, Assert.Single(server.Requests).ClientCertificate);
    }

    [Fact]
    public async Task Relative_certificate_authority_client_certificate_and_client_key_paths_resolve_against_the_kubeconfig_directory()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server, clientCertificateAuthority: Certs.Ca);
        using var directory = new TempDirectory();
        directory.Write("kube/pki/ca.crt", Certs.Ca.CertificatePem);
        directory.Write("kube/pki/client.crt", Certs.ClientEc.CertificatePem);
        directory.Write("kube/pki/client.key", Certs.ClientEc.KeyPem(KeyFormat.Sec1));
        string path = directory.Write("kube/config", KubeConfigs.Single(
            server.BaseAddress,
            new[] { "certificate-authority: pki/ca.crt" },
            new[] { "client-certificate: pki/client.crt", "client-key: ./pki/../pki/client.key" }));
        Assert.NotEqual(directory["kube"], Directory.GetCurrentDirectory());

        ClusterConfiguration configuration = ClusterConfiguration.FromKubeConfig(path);
        await Clients.Kube(configuration).ListAsync().Within();

        Assert.Equal(directory["kube/pki/ca.crt"], configuration.Tls!.AuthoritiesSource!.Path);
        Assert.Equal(directory["kube/pki/client.key"], configuration.Tls.ClientKeySource!.Path);
        Assert.Equal(Certs.ClientEc.Subject, Assert.Single(server.Requests).ClientCertificate);
    }

    [Fact]
    public async Task The_namespace_comes_from_the_context_and_the_generated_client_uses_it()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server, clientCertificateAuthority: Certs.Ca);
        using var directory = new TempDirectory();
        string path = directory.Write("config", KubeConfigs.Single(server.BaseAddress, KubeConfigs.TrustTestCa, KubeConfigs.ClientCertificateData(Certs.ClientRsa), @namespace: "team-a"));

        ClusterConfiguration configuration = ClusterConfiguration.FromKubeConfig(path);
        await Clients.Kube(configuration).ListAsync(configuration.Namespace).Within();

        Assert.Equal("team-a", configuration.Namespace);
        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/team-a/endpointslices", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public void A_context_without_a_namespace_means_the_default_namespace()
    {
        using var directory = new TempDirectory();
        string path = directory.Write("config", KubeConfigs.Single(new Uri("https://127.0.0.1:6443"), KubeConfigs.TrustTestCa, Array.Empty<string>()));

        Assert.Equal("default", ClusterConfiguration.FromKubeConfig(path).Namespace);
    }

    [Fact]
    public async Task Merged_files_take_a_context_defined_in_both_from_the_first_file_with_its_own_relative_paths()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        using var directory = new TempDirectory();
        directory.Write("a/ca.crt", Certs.Ca.CertificatePem);
        string first = directory.Write("a/config", $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: shared-cluster
              cluster:
                server: {server.BaseAddress.GetLeftPart(UriPartial.Authority)}
                certificate-authority: ca.crt
            users:
            - name: shared-user
              user:
                token: token-from-first
            contexts:
            - name: shared
              context:
                cluster: shared-cluster
                user: shared-user
                namespace: from-first
            """);
        string second = directory.Write("b/config", """
            apiVersion: v1
            kind: Config
            current-context: shared
            clusters:
            - name: shared-cluster
              cluster:
                server: https://127.0.0.1:1
            - name: second-only
              cluster:
                server: https://127.0.0.1:2
            users:
            - name: shared-user
              user:
                token: token-from-second
            contexts:
            - name: shared
              context:
                cluster: second-only
                user: shared-user
                namespace: from-second
            """);

        ClusterConfiguration configuration = ClusterConfiguration.FromKubeConfig(first + Path.PathSeparator + second);
        await Clients.Kube(configuration).ListAsync(configuration.Namespace).Within();

        Assert.Equal("shared", configuration.ContextName);
        Assert.Equal("from-first", configuration.Namespace);
        Assert.Equal(server.BaseAddress, configuration.Server);
        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("Bearer token-from-first", request.Authorization);
        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/from-first/endpointslices", request.Path);
    }

    [Fact]
    public void Merged_files_take_current_context_from_the_first_file_that_sets_it()
    {
        using var directory = new TempDirectory();
        string contexts = directory.Write("contexts", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: https://127.0.0.1:6443
            contexts:
            - name: one
              context: {cluster: c, namespace: ns-one}
            - name: two
              context: {cluster: c, namespace: ns-two}
            - name: three
              context: {cluster: c, namespace: ns-three}
            """);
        string second = directory.Write("second", "current-context: two\n");
        string third = directory.Write("third", "current-context: three\n");

        ClusterConfiguration configuration = ClusterConfiguration.FromKubeConfig(string.Join(Path.PathSeparator, contexts, second, third));

        Assert.Equal("two", configuration.ContextName);
        Assert.Equal("ns-two", configuration.Namespace);
    }

    [Fact]
    public void A_named_context_is_used_instead_of_current_context()
    {
        using var directory = new TempDirectory();
        string path = directory.Write("config", """
            apiVersion: v1
            kind: Config
            current-context: one
            clusters:
            - name: first
              cluster: {server: "https://127.0.0.1:1001"}
            - name: second
              cluster: {server: "https://127.0.0.1:1002"}
            contexts:
            - name: one
              context: {cluster: first, namespace: ns-one}
            - name: two
              context: {cluster: second, namespace: ns-two}
            """);

        ClusterConfiguration configuration = ClusterConfiguration.FromKubeConfig(path, context: "two");

        Assert.Equal("two", configuration.ContextName);
        Assert.Equal(new Uri("https://127.0.0.1:1002"), configuration.Server);
        Assert.Equal("ns-two", configuration.Namespace);
    }

    [Fact]
    public void KUBECONFIG_from_the_environment_names_the_files_to_merge_skipping_those_that_do_not_exist()
    {
        using var directory = new TempDirectory();
        string first = directory.Write("first", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:7001"}
            contexts:
            - name: from-env
              context: {cluster: c, namespace: env-namespace}
            """);
        string second = directory.Write("second", "current-context: from-env\n");
        string missing = directory["does-not-exist"];
        var environment = Clients.Environment(variables: ("KUBECONFIG", string.Join(Path.PathSeparator, first, missing, second)));

        ClusterConfiguration configuration = ClusterConfiguration.FromKubeConfig(null, null, environment);

        Assert.Equal("from-env", configuration.ContextName);
        Assert.Equal(new Uri("https://127.0.0.1:7001"), configuration.Server);
        Assert.Equal("env-namespace", configuration.Namespace);
    }

    [Fact]
    public void Without_KUBECONFIG_the_config_file_in_the_home_directory_is_read()
    {
        using var directory = new TempDirectory();
        directory.Write(".kube/config", KubeConfigs.Single(new Uri("https://127.0.0.1:7002"), Array.Empty<string>(), Array.Empty<string>(), context: "home"));
        var environment = new ClusterEnvironment { GetVariable = name => name == "HOME" ? directory.Path : null };

        ClusterConfiguration configuration = ClusterConfiguration.FromKubeConfig(null, null, environment);

        Assert.Equal("home", configuration.ContextName);
        Assert.Equal(new Uri("https://127.0.0.1:7002"), configuration.Server);
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
}
