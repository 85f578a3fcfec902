using System.Diagnostics;
using System.Text.Json.Nodes;
using SliceClientGen.Testing.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Testing.Tests;

/// <summary>
/// kubectl, a real Kubernetes client, against the embedded server over TLS with a bearer token (kubectl sends tokens
/// only over TLS). Each test returns early, passing, where kubectl is not installed.
/// </summary>
public sealed class KubectlTests
{
    private const string SliceYaml = """
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: applied
          namespace: shop
          labels:
            kubernetes.io/service-name: web
        addressType: IPv4
        endpoints:
        - addresses: ["10.1.0.1"]
          conditions: {ready: true}
        ports:
        - name: http
          protocol: TCP
          port: PORT
        """;

    private static readonly string? OnPath = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator)
        .Select(dir => Path.Combine(dir, "kubectl")).FirstOrDefault(File.Exists);

    private static bool Installed => OnPath is not null;

    [Fact]
    public async Task Kubectl_lists_all_namespaces_in_chunks_of_seven()
    {
        if (!Installed)
        {
            return;
        }

        await using TestServer server = await TestServer.StartAsync(o => o.UseTls = true);
        for (int i = 0; i < 20; i++)
        {
            server.Seed(i % 2 == 0 ? "shop" : "data", $"web-{i:D2}");
        }

        (int exit, string output, string error) = await RunAsync(server, "get", "endpointslices", "-A", "--chunk-size=7", "-v=6");

        Assert.True(exit == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(21, lines.Length);
        Assert.StartsWith("NAMESPACE", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("data ") && l.Contains("web-19"));
        Assert.Equal(3, error.Split('\n').Count(l => l.Contains("GET https://") && l.Contains("/endpointslices?") && l.Contains("limit=7")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("wide")]
    public async Task Kubectl_get_endpointslices_prints_the_columns_a_cluster_prints(string output)
    {
        if (!Installed)
        {
            return;
        }

        await using TestServer server = await TestServer.StartAsync(o => o.UseTls = true);
        server.Seed("shop", "one");
        server.Server.Objects.Create(server.Slices, TestServer.Slice("shop", "five", endpoints: 5, port: 9090));

        (int exit, string stdout, string error) = await RunAsync(server, output.Length == 0 ? ["get", "endpointslices", "-n", "shop"] : ["get", "endpointslices", "-n", "shop", "-o", output]);

        Assert.True(exit == 0, error);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal("NAME ADDRESSTYPE PORTS ENDPOINTS AGE", Words(lines[0], 5));
        Assert.Equal("five IPv4 9090 10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...", Words(lines[1], 7));
        Assert.Equal("one IPv4 8080 10.0.0.1", Words(lines[2], 4));
        Assert.EndsWith("s", Words(lines[2], 5).Split(' ')[^1]);
    }

    [Fact]
    public async Task Kubectl_api_resources_finds_the_served_resources_through_discovery()
    {
        if (!Installed)
        {
            return;
        }

        await using TestServer server = await TestServer.StartAsync(o => o.UseTls = true);

        (int exit, string output, string error) = await RunAsync(server, "api-resources");

        Assert.True(exit == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => Words(l, 5) == "namespaces ns v1 false Namespace");
        Assert.Contains(lines, l => Words(l, 4) == "endpointslices discovery.k8s.io/v1 true EndpointSlice");
    }

    [Fact]
    public async Task Kubectl_get_namespaces_shows_the_namespaces_in_use()
    {
        if (!Installed)
        {
            return;
        }

        await using TestServer server = await TestServer.StartAsync(o => o.UseTls = true);
        server.Seed("shop", "a");
        server.Seed("data", "b");

        (int exit, string output, string error) = await RunAsync(server, "get", "ns");

        Assert.True(exit == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(new[] { "data", "shop" }, lines.Skip(1).Select(l => Words(l, 1)));
    }

    [Fact]
    public async Task Every_installed_kubectl_version_lists_watches_and_applies()
    {
        // kubectl here is a dispatcher that picks kubectl.1.NN by the server's /version; call each one directly.
        List<string> versions = VersionedKubectls();
        if (versions.Count == 0)
        {
            return;
        }

        await using TestServer server = await TestServer.StartAsync(o => o.UseTls = true);
        for (int i = 0; i < 9; i++)
        {
            server.Seed("shop", $"web-{i}");
        }

        string kubeconfig = KubeConfig(server);
        string file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".yaml");
        var failures = new List<string>();
        foreach (string kubectl in versions)
        {
            File.WriteAllText(file, SliceYaml.Replace("PORT", "8080").Replace("name: applied", "name: applied-" + Path.GetExtension(kubectl).TrimStart('.')));
            foreach (string[] args in new[]
            {
                new[] { "get", "endpointslices", "-A", "--chunk-size=7" },
                new[] { "get", "endpointslices", "-n", "shop", "-w", "--request-timeout=1s" },
                // kubectl up to 1.28 validates apply input on the client from /openapi/v2, which it reads as
                // protobuf only; the server serves OpenAPI v3 (JSON), which 1.29 and later use to leave validation
                // to the server (fieldValidation).
                MinorVersion(kubectl) >= 29 ? new[] { "apply", "-f", file } : new[] { "apply", "-f", file, "--validate=false" },
            })
            {
                (int exit, string output, string error) = await RunAsync(kubectl, kubeconfig, args);
                bool watchTimedOut = args.Contains("-w") && output.Contains("web-8", StringComparison.Ordinal);
                if (exit != 0 && !watchTimedOut)
                {
                    failures.Add($"{Path.GetFileName(kubectl)} {string.Join(' ', args)}: exit {exit}: {error}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(versions.Count, server.Server.Objects.List(server.Slices, "shop").Count(o => o["metadata"]!["name"]!.GetValue<string>().StartsWith("applied-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Kubectl_applies_a_new_slice_and_then_a_change_to_it()
    {
        if (!Installed)
        {
            return;
        }

        await using TestServer server = await TestServer.StartAsync(o => o.UseTls = true);
        string file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(file, SliceYaml.Replace("PORT", "8080"));

        (int exit, string output, string error) = await RunAsync(server, "apply", "-f", file, "-v=6");
        Assert.True(exit == 0, error);
        Assert.Contains("endpointslice.discovery.k8s.io/applied created", output);

        File.WriteAllText(file, SliceYaml.Replace("PORT", "9090"));
        (exit, output, error) = await RunAsync(server, "apply", "-f", file);
        Assert.True(exit == 0, error);
        Assert.Contains("endpointslice.discovery.k8s.io/applied configured", output);

        JsonObject stored = server.Server.Objects.Get(server.Slices, "shop", "applied")!;
        Assert.Equal(9090, stored["ports"]![0]!["port"]!.GetValue<int>());
        Assert.NotNull(stored["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);
    }

    [Fact]
    public async Task Kubectl_apply_server_side_creates_the_slice_and_then_applies_a_change()
    {
        if (!Installed)
        {
            return;
        }

        await using TestServer server = await TestServer.StartAsync(o => o.UseTls = true);
        string file = WriteSlice(8080);

        (int exit, string output, string error) = await RunAsync(server, "apply", "--server-side", "-f", file);
        Assert.True(exit == 0, error);
        Assert.Contains("endpointslice.discovery.k8s.io/applied serverside-applied", output);

        File.WriteAllText(file, SliceYaml.Replace("PORT", "9090"));
        (exit, output, error) = await RunAsync(server, "apply", "--server-side", "-f", file);
        Assert.True(exit == 0, error);
        Assert.Contains("endpointslice.discovery.k8s.io/applied serverside-applied", output);

        JsonObject stored = server.Server.Objects.Get(server.Slices, "shop", "applied")!;
        Assert.Equal(9090, stored["ports"]![0]!["port"]!.GetValue<int>());
        JsonObject entry = stored["metadata"]!["managedFields"]!.AsArray().Single()!.AsObject();
        Assert.Equal("kubectl", entry["manager"]!.GetValue<string>());
        Assert.Equal("Apply", entry["operation"]!.GetValue<string>());
    }

    [Fact]
    public async Task Kubectl_apply_server_side_by_another_manager_shows_the_conflict_and_changes_nothing()
    {
        if (!Installed)
        {
            return;
        }

        await using TestServer server = await StartWithServerSideAppliedSliceAsync();

        (int exit, _, string error) = await RunAsync(server, "apply", "--server-side", "--field-manager=rollout", "-f", WriteSlice(9090));

        Assert.NotEqual(0, exit);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl\": .ports", error);
        Assert.Equal(8080, server.Server.Objects.Get(server.Slices, "shop", "applied")!["ports"]![0]!["port"]!.GetValue<int>());
    }

    [Fact]
    public async Task Kubectl_apply_server_side_with_force_conflicts_takes_the_field_over()
    {
        if (!Installed)
        {
            return;
        }

        await using TestServer server = await StartWithServerSideAppliedSliceAsync();

        (int exit, _, string error) = await RunAsync(server, "apply", "--server-side", "--field-manager=rollout", "--force-conflicts", "-f", WriteSlice(9090));

        Assert.True(exit == 0, error);
        JsonObject stored = server.Server.Objects.Get(server.Slices, "shop", "applied")!;
        Assert.Equal(9090, stored["ports"]![0]!["port"]!.GetValue<int>());
        Assert.Contains("f:ports", stored["metadata"]!["managedFields"]!.AsArray().Single(e => e!["manager"]!.GetValue<string>() == "rollout")!["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public async Task Kubectl_apply_of_an_invalid_slice_shows_the_servers_field_errors()
    {
        if (!Installed)
        {
            return;
        }

        await using TestServer server = await TestServer.StartAsync(o => o.UseTls = true);
        string file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(file, SliceYaml.Replace("PORT", "70000"));

        (int exit, _, string error) = await RunAsync(server, "apply", "-f", file);

        Assert.NotEqual(0, exit);
        Assert.Contains("ports[0].port: Invalid value: 70000: must be less than or equal to 65535", error);
        Assert.Null(server.Server.Objects.Get(server.Slices, "shop", "applied"));
    }

    [Fact]
    public async Task Kubectl_label_and_patch_with_merge_and_JSON_patches_change_the_slice()
    {
        if (!Installed)
        {
            return;
        }

        await using TestServer server = await TestServer.StartAsync(o => o.UseTls = true);
        server.Seed("shop", "target");

        (int labelExit, _, string labelError) = await RunAsync(server, "label", "endpointslice", "target", "-n", "shop", "tier=gold");
        (int mergeExit, _, string mergeError) = await RunAsync(server, "patch", "endpointslice", "target", "-n", "shop", "--type=merge", "-p", "{\"addressType\":\"IPv6\"}");
        (int jsonExit, _, string jsonError) = await RunAsync(server, "patch", "endpointslice", "target", "-n", "shop", "--type=json", "-p", "[{\"op\":\"replace\",\"path\":\"/ports/0/port\",\"value\":9443}]");

        Assert.True(labelExit == 0, labelError);
        Assert.True(mergeExit == 0, mergeError);
        Assert.True(jsonExit == 0, jsonError);
        JsonObject stored = server.Server.Objects.Get(server.Slices, "shop", "target")!;
        Assert.Equal("gold", stored["metadata"]!["labels"]!["tier"]!.GetValue<string>());
        Assert.Equal("IPv6", stored["addressType"]!.GetValue<string>());
        Assert.Equal(9443, stored["ports"]![0]!["port"]!.GetValue<int>());
    }

    [Fact]
    public async Task Kubectl_authenticates_with_a_client_certificate_from_the_written_kubeconfig()
    {
        if (!Installed)
        {
            return;
        }

        await using KubeApiServer server = await KubeApiServer.StartAsync(new KubeApiServerOptions
        {
            OpenApiDocumentPath = TestServer.DocumentPath,
            RequireClientCertificate = true,
        });
        server.Objects.Create(server.Resources[0], TestServer.Slice("shop", "via-mtls"));
        string withCertificate = server.WriteKubeConfig(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "config"), useClientCertificate: true);
        // Without any credentials kubectl would prompt for a user name; a token the server does not know is refused.
        string withWrongToken = server.WriteKubeConfig(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "config"));
        File.WriteAllText(withWrongToken, File.ReadAllText(withWrongToken).Replace("user: {}", "user: {token: not-a-valid-token}", StringComparison.Ordinal));

        (int exit, string output, string error) = await RunAsync("kubectl", withCertificate, ["get", "endpointslices", "-n", "shop", "-o", "name"]);
        (int refused, _, string refusal) = await RunAsync("kubectl", withWrongToken, ["get", "endpointslices", "-n", "shop"]);

        Assert.True(exit == 0, error);
        Assert.Equal("endpointslice.discovery.k8s.io/via-mtls", output.Trim());
        Assert.NotEqual(0, refused);
        Assert.True(refusal.Contains("You must be logged in to the server", StringComparison.Ordinal), refusal);
    }

    [Fact]
    public async Task Kubectl_deletes_a_slice()
    {
        if (!Installed)
        {
            return;
        }

        await using TestServer server = await TestServer.StartAsync(o => o.UseTls = true);
        server.Seed("shop", "doomed");

        (int exit, string output, string error) = await RunAsync(server, "delete", "endpointslice", "doomed", "-n", "shop");

        Assert.True(exit == 0, error);
        Assert.Contains("endpointslice.discovery.k8s.io \"doomed\" deleted", output);
        Assert.Null(server.Server.Objects.Get(server.Slices, "shop", "doomed"));
    }

    [Fact]
    public async Task Kubectl_delete_with_a_label_selector_deletes_only_the_matching_slices()
    {
        if (!Installed)
        {
            return;
        }

        await using TestServer server = await TestServer.StartAsync(o => o.UseTls = true);
        server.Seed("shop", "web-1", service: "web");
        server.Seed("shop", "api-1", service: "api");

        (int exit, _, string error) = await RunAsync(server, "delete", "endpointslices", "-n", "shop", "-l", "kubernetes.io/service-name=web");

        Assert.True(exit == 0, error);
        Assert.Equal(new[] { "api-1" }, server.Server.Objects.List(server.Slices, "shop").Select(o => o["metadata"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Kubectl_watch_of_a_namespace_prints_changes_as_they_happen()
    {
        if (!Installed)
        {
            return;
        }

        await using TestServer server = await TestServer.StartAsync(o => o.UseTls = true);
        server.Seed("shop", "first");
        server.Seed("other", "elsewhere");
        string kubeconfig = KubeConfig(server);
        var start = Start(kubeconfig, "get", "endpointslices", "-n", "shop", "-w", "--output-watch-events");
        using Process process = Process.Start(start)!;
        try
        {
            var lines = new List<string>();
            async Task<string> NextLineAsync()
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                string line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("kubectl ended: " + await process.StandardError.ReadToEndAsync());
                lines.Add(line);
                return line;
            }

            Assert.Equal("EVENT NAME ADDRESSTYPE PORTS ENDPOINTS AGE", Words(await NextLineAsync(), 6));
            Assert.Equal("ADDED first", Words(await NextLineAsync(), 2));
            server.Seed("shop", "second");
            server.Server.Objects.Update(server.Slices, "shop", "first", o => o["addressType"] = "IPv6");
            server.Server.Objects.Delete(server.Slices, "shop", "second");
            server.Seed("other", "not-shown");

            Assert.Equal("ADDED second", Words(await NextLineAsync(), 2));
            Assert.Equal("MODIFIED first", Words(await NextLineAsync(), 2));
            Assert.Equal("DELETED second", Words(await NextLineAsync(), 2));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>A TLS server with the slice applied server-side by kubectl (port 8080).</summary>
    private static async Task<TestServer> StartWithServerSideAppliedSliceAsync()
    {
        TestServer server = await TestServer.StartAsync(o => o.UseTls = true);
        (int exit, _, string error) = await RunAsync(server, "apply", "--server-side", "-f", WriteSlice(8080));
        Assert.True(exit == 0, error);
        return server;
    }

    private static string WriteSlice(int port)
    {
        string file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(file, SliceYaml.Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return file;
    }

    private static string Words(string line, int count) =>
        string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(count));

    private static string KubeConfig(TestServer server) =>
        server.Server.WriteKubeConfig(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "config"));

    private static ProcessStartInfo Start(string kubeconfig, params string[] args)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["KUBECACHEDIR"] = Path.Combine(Path.GetTempPath(), "kubectl-cache-" + Guid.NewGuid().ToString("N"));
        start.ArgumentList.Add("--kubeconfig=" + kubeconfig);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static Task<(int Exit, string Output, string Error)> RunAsync(TestServer server, params string[] args) =>
        RunAsync("kubectl", KubeConfig(server), args);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string kubectl, string kubeconfig, string[] args)
    {
        ProcessStartInfo start = Start(kubeconfig, args);
        start.FileName = kubectl;
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static int MinorVersion(string kubectl) => int.Parse(Path.GetExtension(kubectl).TrimStart('.'), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The kubectl.1.NN binaries installed beside the kubectl on PATH (following its symbolic link).</summary>
    private static List<string> VersionedKubectls()
    {
        if (OnPath is null)
        {
            return new List<string>();
        }

        string target = new FileInfo(OnPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? OnPath;
        return Directory.EnumerateFiles(Path.GetDirectoryName(target)!, "kubectl.1.*").Order(StringComparer.Ordinal).ToList();
    }
}
