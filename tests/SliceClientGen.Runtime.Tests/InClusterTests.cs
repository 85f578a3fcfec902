using System.Net;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Runtime.Tests;

/// <summary>In-cluster configuration from a fake service-account directory and environment.</summary>
public sealed class InClusterTests
{
    private static readonly TestPki Pki = TestPki.Shared;

    private static string WriteServiceAccount(TempDirectory dir, string token = "service-account-token", string? @namespace = "team-ns")
    {
        dir.Write("serviceaccount/token", token);
        dir.Write("serviceaccount/ca.crt", Pki.ClusterCa.CertificatePem);
        if (@namespace is not null)
        {
            dir.Write("serviceaccount/namespace", @namespace);
        }

        return Path.Combine(dir.Path, "serviceaccount");
    }

    private static Dictionary<string, string> Service(string host, string port) =>
        new() { ["KUBERNETES_SERVICE_HOST"] = host, ["KUBERNETES_SERVICE_PORT"] = port };

    [Fact]
    public async Task In_cluster_configuration_uses_the_service_account_token_CA_and_namespace()
    {
        using var dir = new TempDirectory();
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate, respond: TlsTestServer.AcceptTokens("service-account-token"));
        var environment = TestEnvironment.Create(Service("127.0.0.1", server.Port.ToString()), serviceAccountDirectory: WriteServiceAccount(dir));

        ClusterConfiguration config = ClusterConfiguration.InCluster(environment);
        using HttpClient http = config.CreateHttpClient();
        HttpResponseMessage response = await http.GetAsync("apis/discovery.k8s.io/v1/endpointslices");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Uri("https://127.0.0.1:" + server.Port + "/"), config.Server);
        Assert.Equal("team-ns", config.Namespace);
    }

    [Fact]
    public void IPv6_service_host_is_put_in_brackets()
    {
        using var dir = new TempDirectory();
        var environment = TestEnvironment.Create(Service("fd00:10:96::1", "443"), serviceAccountDirectory: WriteServiceAccount(dir));

        ClusterConfiguration config = ClusterConfiguration.InCluster(environment);

        Assert.Equal("https://[fd00:10:96::1]/", config.Server.ToString());
        Assert.Equal(443, config.Server.Port);
    }

    [Fact]
    public void Without_a_namespace_file_the_namespace_is_default()
    {
        using var dir = new TempDirectory();
        var environment = TestEnvironment.Create(Service("10.96.0.1", "443"), serviceAccountDirectory: WriteServiceAccount(dir, @namespace: null));

        Assert.Equal("default", ClusterConfiguration.InCluster(environment).Namespace);
    }

    [Fact]
    public void Outside_a_pod_in_cluster_configuration_names_the_missing_variables()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ClusterConfiguration.InCluster(TestEnvironment.Create()));

        Assert.Contains("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT", error.Message);
    }

    [Fact]
    public void Missing_service_account_token_names_the_file()
    {
        using var dir = new TempDirectory();
        var environment = TestEnvironment.Create(Service("10.96.0.1", "443"), serviceAccountDirectory: dir.Path);

        var error = Assert.Throws<InvalidOperationException>(() => ClusterConfiguration.InCluster(environment));

        Assert.Contains(Path.Combine(dir.Path, "token"), error.Message);
    }

    [Fact]
    public void Default_uses_the_in_cluster_configuration_when_in_a_pod()
    {
        using var dir = new TempDirectory();
        dir.Write("home/.kube/config", "current-context: c\nclusters: [ { name: c, cluster: { server: \"https://from-kubeconfig.example\" } } ]\ncontexts: [ { name: c, context: { cluster: c } } ]\n");
        var environment = TestEnvironment.Create(Service("10.96.0.1", "443"), home: Path.Combine(dir.Path, "home"), serviceAccountDirectory: WriteServiceAccount(dir));

        Assert.Equal(new Uri("https://10.96.0.1:443/"), ClusterConfiguration.Default(environment).Server);
    }

    [Fact]
    public void Default_falls_back_to_the_kubeconfig_outside_a_pod()
    {
        using var dir = new TempDirectory();
        dir.Write("home/.kube/config", "current-context: c\nclusters: [ { name: c, cluster: { server: \"https://from-kubeconfig.example\" } } ]\ncontexts: [ { name: c, context: { cluster: c } } ]\n");
        var environment = TestEnvironment.Create(home: Path.Combine(dir.Path, "home"), serviceAccountDirectory: WriteServiceAccount(dir));

        Assert.Equal(new Uri("https://from-kubeconfig.example"), ClusterConfiguration.Default(environment).Server);
    }

    [Fact]
    public void Default_with_neither_says_both_were_tried()
    {
        using var dir = new TempDirectory();

        var error = Assert.Throws<FileNotFoundException>(() => ClusterConfiguration.Default(TestEnvironment.Create(home: dir.Path)));

        Assert.Contains("not in a pod", error.Message);
        Assert.Contains(".kube", error.Message);
    }
}
