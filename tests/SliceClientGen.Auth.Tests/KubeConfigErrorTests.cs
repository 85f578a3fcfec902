using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Auth.Tests.Infrastructure;

namespace SliceClientGen.Auth.Tests;

/// <summary>Bad kubeconfigs fail at load time, saying what and where, never quoting secrets.</summary>
public sealed class KubeConfigErrorTests
{
    private static TestCertificates Certs => TestCertificates.Shared;

    [Fact]
    public void Missing_kubeconfig_names_the_path()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "nope");

        var error = Assert.Throws<FileNotFoundException>(() => ClusterConfiguration.FromKubeConfig(path));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Missing_default_kubeconfig_says_KUBECONFIG_is_not_set()
    {
        using var dir = new TempDirectory();

        var error = Assert.Throws<FileNotFoundException>(() => ClusterConfiguration.FromKubeConfig(null, null, Clients.Environment(home: dir.Path)));

        Assert.Contains("KUBECONFIG is not set", error.Message);
        Assert.Contains(Path.Combine(dir.Path, ".kube", "config"), error.Message);
    }

    [Fact]
    public void Unknown_context_names_the_context_the_file_and_the_contexts_there_are()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("config", """
            clusters: [ { name: c, cluster: { server: "https://c.example" } } ]
            contexts: [ { name: alpha, context: { cluster: c } }, { name: beta, context: { cluster: c } } ]
            """);

        var error = Assert.Throws<KubeConfigException>(() => ClusterConfiguration.FromKubeConfig(path, "gamma"));

        Assert.Contains("no context 'gamma'", error.Message);
        Assert.Contains(path, error.Message);
        Assert.Contains("alpha, beta", error.Message);
        Assert.Equal("gamma", error.ContextName);
    }

    [Fact]
    public void Context_naming_a_missing_user_names_the_user_and_the_key()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("config", """
            current-context: c
            clusters: [ { name: c, cluster: { server: "https://c.example" } } ]
            contexts: [ { name: c, context: { cluster: c, user: ghost } } ]
            """);

        var error = Assert.Throws<KubeConfigException>(() => ClusterConfiguration.FromKubeConfig(path));

        Assert.Contains("user 'ghost'", error.Message);
        Assert.Equal("contexts[c].context.user", error.Key);
        Assert.Equal(path, error.FilePath);
    }

    [Theory]
    [InlineData("current-context: c\nclusters: name: c\n", "is not valid YAML at line 2")]
    [InlineData("clusters:\n- name: c\n  cluster: { server: [unclosed\ncontexts: x\n", "is not valid YAML")]
    [InlineData("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: \"https://127.0.0.1:6443\nusers: []\n", "is not valid YAML at line 6,")]
    public void Malformed_YAML_names_the_file_and_the_line(string yaml, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("config", yaml);

        var error = Assert.Throws<KubeConfigException>(() => ClusterConfiguration.FromKubeConfig(path));

        Assert.Contains("'" + path + "' " + expected, error.Message);
        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void Server_missing_names_the_cluster_key()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("config", """
            current-context: c
            clusters: [ { name: c, cluster: { certificate-authority: ca.crt } } ]
            contexts: [ { name: c, context: { cluster: c } } ]
            """);

        var error = Assert.Throws<KubeConfigException>(() => ClusterConfiguration.FromKubeConfig(path));

        Assert.Contains("clusters[c].cluster.server is missing", error.Message);
        Assert.Contains("context 'c'", error.Message);
    }

    [Fact]
    public void Unreadable_certificate_file_names_the_file_and_the_context()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("config", """
            current-context: c
            clusters: [ { name: c, cluster: { server: "https://c.example" } } ]
            users: [ { name: u, user: { client-certificate: missing.crt, client-key: missing.key } } ]
            contexts: [ { name: c, context: { cluster: c, user: u } } ]
            """);

        var error = Assert.Throws<KubeConfigException>(() => ClusterConfiguration.FromKubeConfig(path));

        Assert.Contains(Path.Combine(dir.Path, "missing.crt"), error.Message);
        Assert.Contains("context 'c'", error.Message);
    }

    [Fact]
    public void Key_that_is_not_PEM_names_the_key_but_never_the_data()
    {
        using var dir = new TempDirectory();
        string garbage = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n";
        string path = dir.Write("config", $$"""
            current-context: c
            clusters: [ { name: c, cluster: { server: "https://c.example" } } ]
            users: [ { name: u, user: { client-certificate-data: {{Certs.ClientRsa.CertificateBase64}}, client-key-data: {{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(garbage))}} } } ]
            contexts: [ { name: c, context: { cluster: c, user: u } } ]
            """);

        var error = Assert.Throws<KubeConfigException>(() => ClusterConfiguration.FromKubeConfig(path));

        Assert.Contains("users[u].user.client-key-data", error.Message);
        Assert.IsType<ClusterCredentialException>(error.InnerException);
        Assert.DoesNotContain("c2VjcmV0LWtleS1tYXRlcmlhbA", error.ToString());
    }

    [Fact]
    public void Token_with_a_line_break_names_the_key_but_never_the_token()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("config", """
            current-context: c
            clusters: [ { name: c, cluster: { server: "https://c.example" } } ]
            users: [ { name: u, user: { token: "first-half-of-secret\nsecond-half" } } ]
            contexts: [ { name: c, context: { cluster: c, user: u } } ]
            """);

        var error = Assert.Throws<KubeConfigException>(() => ClusterConfiguration.FromKubeConfig(path));

        Assert.Contains("users[u].user.token holds line breaks", error.Message);
        Assert.DoesNotContain("half", error.ToString());
    }

    [Fact]
    public void Auth_provider_alone_is_refused_with_a_pointer_to_exec_plugins()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("config", """
            current-context: c
            clusters: [ { name: c, cluster: { server: "https://c.example" } } ]
            users: [ { name: u, user: { auth-provider: { name: gcp, config: { access-token: secret-access-token } } } } ]
            contexts: [ { name: c, context: { cluster: c, user: u } } ]
            """);

        var error = Assert.Throws<KubeConfigException>(() => ClusterConfiguration.FromKubeConfig(path));

        Assert.Contains("auth-provider ('gcp') is not supported", error.Message);
        Assert.DoesNotContain("secret-access-token", error.ToString());
    }
}
