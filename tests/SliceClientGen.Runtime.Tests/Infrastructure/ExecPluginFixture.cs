namespace SliceClientGen.Runtime.Tests.Infrastructure;

/// <summary>
/// A /bin/sh exec credential plugin written into a temporary directory with a kubeconfig that uses it. Each run
/// counts itself in <c>state/count</c>, saves KUBERNETES_EXEC_INFO as <c>state/exec-info-N</c> and prints an
/// ExecCredential whose token is its first argument and the run number (<c>tok-1</c>, <c>tok-2</c>, …).
/// </summary>
public sealed class ExecPluginFixture : IDisposable
{
    private const string Script = """
        n=$(cat "$STATE/count" 2>/dev/null || echo 0)
        n=$((n+1))
        echo "$n" > "$STATE/count"
        printf '%s' "$KUBERNETES_EXEC_INFO" > "$STATE/exec-info-$n"
        if [ -n "$DELAY" ]; then sleep "$DELAY"; fi
        expiry=""
        if [ -n "$EXPIRY" ]; then expiry=",\"expirationTimestamp\":\"$EXPIRY\""; fi
        printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s-%s"%s}}' "$API" "$1" "$n" "$expiry"
        """;

    private readonly TempDirectory _dir = new();

    public ExecPluginFixture(string script = Script)
    {
        Directory.CreateDirectory(StateDirectory);
        _dir.WriteScript("bin/plugin.sh", script);
    }

    public string DirectoryPath => _dir.Path;

    public string StateDirectory => Path.Combine(_dir.Path, "state");

    /// <summary>How many times the plugin ran.</summary>
    public int Runs => File.Exists(Path.Combine(StateDirectory, "count")) ? int.Parse(File.ReadAllText(Path.Combine(StateDirectory, "count")).Trim()) : 0;

    public string ExecInfo(int run) => File.ReadAllText(Path.Combine(StateDirectory, "exec-info-" + run));

    /// <summary>Writes a kubeconfig whose user runs the plugin (command relative to the kubeconfig, as kubeconfigs often have it).</summary>
    public string WriteKubeConfig(Uri server, string caBase64, string apiVersion = "client.authentication.k8s.io/v1", string? expiry = null, string? delay = null, bool provideClusterInfo = false) =>
        _dir.Write("kubeconfig", $$"""
            current-context: c
            clusters:
            - name: c
              cluster:
                server: "{{server}}"
                certificate-authority-data: {{caBase64}}
            users:
            - name: plugin-user
              user:
                exec:
                  apiVersion: {{apiVersion}}
                  command: ./bin/plugin.sh
                  args: [ tok ]
                  env:
                  - { name: STATE, value: "{{StateDirectory}}" }
                  - { name: API, value: "{{apiVersion}}" }
                  - { name: EXPIRY, value: "{{expiry}}" }
                  - { name: DELAY, value: "{{delay}}" }
                  interactiveMode: Never
                  provideClusterInfo: {{(provideClusterInfo ? "true" : "false")}}
            contexts:
            - name: c
              context: { cluster: c, user: plugin-user }
            """);

    public void Dispose() => _dir.Dispose();
}
