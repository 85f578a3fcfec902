using System;
using System.IO;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Http;
using SliceClientGen.Runtime.Watch;
using SliceExplorer.Cli;
using SliceExplorer.Explorer;
using SliceExplorer.Output;

namespace SliceExplorer;

/// <summary>
/// Entry point: parse the options (System.CommandLine: errors, --help, completion), run the scenario (or <c>--serve</c>), and turn every failure into one clear
/// message and a non-zero exit code. Ctrl+C and SIGTERM cancel the run cleanly.
/// </summary>
internal static class Program
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;
    public const int ExitInterrupted = 130;

    public static async Task<int> Main(string[] args)
    {
        Terminal terminal = Terminal.ForConsole();
        using var cancellation = new CancellationTokenSource();
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => Stop(signal, cancellation));
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => Stop(signal, cancellation));
        return await RunAsync(args, terminal, cancellation.Token).ConfigureAwait(false);
    }

    /// <summary>Runs the sample with the given arguments and output; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, Terminal terminal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        var command = new ExplorerCommand(terminal.Width);
        ParseResult parsed = command.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            foreach (ParseError error in parsed.Errors)
            {
                terminal.Error($"SliceExplorer: {error.Message}");
            }

            terminal.Error("Run with --help for the options.");
            return ExitUsage;
        }

        if (parsed.Action is { } action)
        {
            // --help, or a directive such as [suggest] (shell completion): System.CommandLine writes the answer.
            return await parsed.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = terminal.Output,
                    Error = terminal.ErrorOutput,
                    EnableDefaultExceptionHandler = false,
                    ProcessTerminationTimeout = null,
                },
                cancellationToken).ConfigureAwait(false);
        }

        ExplorerOptions options = command.Bind(parsed);
        try
        {
            return options.Serve
                ? await ServeMode.RunAsync(terminal, cancellationToken).ConfigureAwait(false)
                : await Scenario.RunAsync(options, terminal, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            terminal.Error("SliceExplorer: interrupted.");
            return ExitInterrupted;
        }
        catch (Exception e) when (Explain(e) is { } message)
        {
            terminal.Error("SliceExplorer failed: " + message);
            return ExitFailed;
        }
    }

    /// <summary>One line that says what went wrong, for the failures a user can meet; null for bugs (they crash with a stack trace).</summary>
    public static string? Explain(Exception exception) => exception switch
    {
        ScenarioException e => e.Message,
        WatchExpiredException e => "the watch's resourceVersion is too old (410 Gone); list again. " + e.Message,
        ApiException e => $"{e.Method} {e.RequestPath}: {WriteTour.Describe(e)}",
        KubeConfigException e => "the kubeconfig cannot be used: " + e.Message,
        ClusterCredentialException e => "the cluster credentials cannot be used: " + e.Message,
        FileNotFoundException e => e.Message + (e.FileName is null ? string.Empty : " (" + e.FileName + ")"),
        HttpRequestException e => "cannot reach the API server: " + e.Message + (e.InnerException is { } inner ? " (" + inner.Message + ")" : string.Empty),
        AuthenticationException e => "TLS failed: " + e.Message,
        InvalidOperationException e => e.Message,
        TimeoutException e => e.Message,
        _ => null,
    };

    private static void Stop(PosixSignalContext signal, CancellationTokenSource cancellation)
    {
        // Handled here: the run ends through cancellation, cleaning up (server, temporary kubeconfig) on the way.
        signal.Cancel = true;
        cancellation.Cancel();
    }
}
