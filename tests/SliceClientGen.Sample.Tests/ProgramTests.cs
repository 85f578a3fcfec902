using SliceExplorer;
using SliceExplorer.Output;
using Xunit;

namespace SliceClientGen.Sample.Tests;

/// <summary>Exit codes and messages of the sample's entry point, in process (no server is started for these).</summary>
public sealed class ProgramTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = await Program.RunAsync(args, new Terminal(output, error, interactive: false, colour: false), CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Help_prints_the_usage_and_every_option_and_exits_0()
    {
        (int exitCode, string output, _) = await RunAsync("--help");

        Assert.Equal(0, exitCode);
        // The usage line names the executable (SliceExplorer; in this test, the test host).
        Assert.Matches(@"Usage:\r?\n  \S+ \[options\]", output);
        Assert.Contains("Exit codes: 0 done, 1 failed, 2 bad options, 130 interrupted.", output, StringComparison.Ordinal);
        foreach (string option in new[] { "--kubeconfig", "--context", "--in-cluster", "--namespace", "--watch-seconds", "--page-size", "--no-embedded", "--serve", "--allow-writes", "--help" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_help_text_fits_100_columns()
    {
        (_, string output, _) = await RunAsync("--help");

        Assert.All(output.Split(Environment.NewLine), line => Assert.True(line.Length <= 100, line));
    }

    [Fact]
    public async Task The_suggest_directive_completes_option_names_for_the_shell()
    {
        (int exitCode, string output, _) = await RunAsync("[suggest]", "--allow");

        Assert.Equal(0, exitCode);
        Assert.Equal("--allow-writes" + Environment.NewLine, output);
    }

    [Fact]
    public async Task A_bad_option_exits_2_with_the_problem_on_stderr()
    {
        (int exitCode, string output, string error) = await RunAsync("--watch-seconds", "soon");

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("SliceExplorer: --watch-seconds must be a whole number", error, StringComparison.Ordinal);
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_kubeconfig_exits_1_with_a_message_naming_the_file()
    {
        string missing = Path.Combine(Path.GetTempPath(), "sliceexplorer-tests-" + Guid.NewGuid().ToString("N"), "config");

        (int exitCode, _, string error) = await RunAsync("--kubeconfig", missing);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("SliceExplorer failed: ", error, StringComparison.Ordinal);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_exits_1_saying_so()
    {
        string directory = Directory.CreateTempSubdirectory("sliceexplorer-tests-").FullName;
        try
        {
            string kubeConfig = Path.Combine(directory, "config");
            await File.WriteAllTextAsync(kubeConfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: nowhere
                  cluster: { server: "http://127.0.0.1:9" }
                users:
                - name: nobody
                  user: {}
                contexts:
                - name: nowhere
                  context: { cluster: nowhere, user: nobody }
                current-context: nowhere
                """);

            (int exitCode, _, string error) = await RunAsync("--kubeconfig", kubeConfig, "--watch-seconds", "0");

            Assert.Equal(1, exitCode);
            Assert.StartsWith("SliceExplorer failed: cannot reach the API server", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Cancellation_exits_130()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var error = new StringWriter();

        int exitCode = await Program.RunAsync(["--watch-seconds", "1"], new Terminal(new StringWriter(), error, false, false), cancelled.Token);

        Assert.Equal(130, exitCode);
        Assert.Equal("SliceExplorer: interrupted." + Environment.NewLine, error.ToString());
    }
}
