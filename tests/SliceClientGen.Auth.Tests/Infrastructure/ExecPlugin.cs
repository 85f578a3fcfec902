using System.Text;

namespace SliceClientGen.Auth.Tests.Infrastructure;

/// <summary>
/// The exec credential plugin of the tests: a /bin/sh script (made executable with File.SetUnixFileMode) that
/// appends a line to <c>$PLUGIN_STATE/runs</c> on every run, saves KUBERNETES_EXEC_INFO to
/// <c>$PLUGIN_STATE/exec-info</c>, and prints an ExecCredential whose token is
/// <c>tok-{arguments joined by _}-{$PLUGIN_GREETING}-{run number}</c>, with the expirationTimestamp written in
/// <c>$PLUGIN_STATE/expiry</c> if that file exists. <c>PLUGIN_MODE=fail</c> prints a token-like line, writes to
/// standard error and exits 1; <c>PLUGIN_MODE=badjson</c> prints truncated JSON holding a token.
/// <c>PLUGIN_MODE=certificate</c> prints, instead of a token, the client certificate and key of its run number
/// (<c>$PLUGIN_STATE/client-{n}.crt</c> and <c>.key</c>, see <see cref="SetCertificate"/>) as
/// <c>clientCertificateData</c> and <c>clientKeyData</c>, as cloud providers' plugins do; <c>PLUGIN_MODE=nokey</c>
/// prints that certificate without its key.
/// </summary>
/// <remarks>
/// The script is written once per test run, before any plugin runs: a script written by one test while another
/// test starts a process could be inherited open for writing by that child and fail with "Text file busy".
/// Tests that need it under their own directory link to it (<see cref="LinkInto"/>).
/// </remarks>
public static class ExecPlugin
{
    private const string Script = """
        #!/bin/sh
        state="${PLUGIN_STATE:?PLUGIN_STATE is not set}"
        echo run >> "$state/runs"
        n=$(wc -l < "$state/runs" | tr -d ' ')
        printf '%s' "$KUBERNETES_EXEC_INFO" > "$state/exec-info"
        case "$PLUGIN_MODE" in
          fail)
            echo "tok-leaked-from-stdout-$n"
            echo "error: identity provider unreachable (run 'corp-login' first)" >&2
            exit 1
            ;;
          badjson)
            printf '{"kind":"ExecCredential","status":{"token":"tok-leaked-from-bad-json-%s"' "$n"
            exit 0
            ;;
        esac
        args=$(printf '%s' "$*" | tr ' ' '_')
        expiry=""
        if [ -f "$state/expiry" ]; then expiry=",\"expirationTimestamp\":\"$(cat "$state/expiry")\""; fi
        case "$PLUGIN_MODE" in
          certificate|nokey)
            [ -f "$state/client-$n.crt" ] || { echo "no certificate for run $n" >&2; exit 1; }
            crt=$(awk 'BEGIN { ORS = "" } { print $0 "\\n" }' "$state/client-$n.crt")
            key=""
            if [ "$PLUGIN_MODE" = certificate ]; then key=",\"clientKeyData\":\"$(awk 'BEGIN { ORS = "" } { print $0 "\\n" }' "$state/client-$n.key")\""; fi
            printf '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"clientCertificateData":"%s"%s%s}}\n' "$crt" "$key" "$expiry"
            exit 0
            ;;
        esac
        printf '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"tok-%s-%s-%s"%s}}\n' "$args" "$PLUGIN_GREETING" "$n" "$expiry"
        """;

    private static readonly Lazy<string> s_path = new(WriteScript, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The script's full path.</summary>
    public static string Path => s_path.Value;

    /// <summary>How many times the plugin ran with <paramref name="state"/> as PLUGIN_STATE.</summary>
    public static int Runs(string state) => File.Exists(System.IO.Path.Combine(state, "runs")) ? File.ReadAllLines(System.IO.Path.Combine(state, "runs")).Length : 0;

    /// <summary>Sets the expirationTimestamp the next runs print.</summary>
    public static void SetExpiry(string state, DateTimeOffset expiry) =>
        File.WriteAllText(System.IO.Path.Combine(state, "expiry"), expiry.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Sets the client certificate and key the plugin prints on its run number <paramref name="run"/> (from 1) in certificate mode.</summary>
    public static void SetCertificate(string state, int run, TestCertificate certificate)
    {
        File.WriteAllText(System.IO.Path.Combine(state, "client-" + run + ".crt"), certificate.CertificatePem);
        File.WriteAllText(System.IO.Path.Combine(state, "client-" + run + ".key"), certificate.KeyPem());
    }

    /// <summary>The environment of a run in <paramref name="mode"/> (<c>ok</c>, <c>certificate</c>, <c>fail</c>, …) keeping its state in <paramref name="state"/>.</summary>
    public static Dictionary<string, string> Environment(string state, string mode) => new() { ["PLUGIN_STATE"] = state, ["PLUGIN_MODE"] = mode };

    /// <summary>The kubeconfig user lines that run the plugin in <paramref name="mode"/> with its state in <paramref name="state"/>.</summary>
    public static string[] KubeConfigUser(string state, string mode) =>
    [
        "exec:",
        "  apiVersion: client.authentication.k8s.io/v1",
        "  command: " + Path,
        "  env:",
        "  - name: PLUGIN_STATE",
        "    value: " + state,
        "  - name: PLUGIN_MODE",
        "    value: " + mode,
    ];

    /// <summary>A symbolic link to the script at <paramref name="path"/> (a relative kubeconfig command can name it).</summary>
    public static void LinkInto(string path) => File.CreateSymbolicLink(path, Path);

    private static string WriteScript()
    {
        // One file per test process, so parallel runs of this project never rewrite a script another one runs.
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scg-auth-plugin-" + System.Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8] + ".sh");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        File.WriteAllText(path, Script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n", new UTF8Encoding(false));
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The exec plugin tests run a /bin/sh script.");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return path;
    }
}
