using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Packaging.Tests;

/// <summary>The outcome of a child process run by <see cref="ProcessRunner"/>.</summary>
/// <param name="CommandLine">The command as run, for messages.</param>
/// <param name="ExitCode">The exit code, or -1 if the process was killed on timeout.</param>
/// <param name="TimedOut">Whether the process was killed because it ran past its timeout.</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr.</param>
public sealed record ProcessResult(string CommandLine, int ExitCode, bool TimedOut, string StandardOutput, string StandardError)
{
    /// <summary>True when the process exited by itself with code 0.</summary>
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>The command, how it ended, and its stdout and stderr: the message for a failed assertion.</summary>
    public string Describe() =>
        $"> {CommandLine}\n" +
        (TimedOut ? "Killed: ran past its timeout.\n" : $"Exit code: {ExitCode}\n") +
        $"--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>Runs child processes with captured output, a timeout that kills the whole process tree, and extra environment.</summary>
public static class ProcessRunner
{
    /// <summary>
    /// Environment prefixes removed from children: the MSBuild and test-host settings a <c>dotnet test</c> parent
    /// passes down would otherwise make the child build behave like a node of the parent's build.
    /// </summary>
    private static readonly string[] InheritedPrefixesToDrop = ["MSBUILD", "VSTEST_", "TESTINGPLATFORM_"];

    /// <summary>How long to keep reading output after the process exited (grandchildren may hold the pipes open).</summary>
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/> and waits for it, up to <paramref name="timeout"/>.</summary>
    /// <param name="fileName">The executable, e.g. <c>dotnet</c>.</param>
    /// <param name="arguments">The arguments, passed as-is (no shell quoting).</param>
    /// <param name="workingDirectory">The working directory.</param>
    /// <param name="timeout">How long to wait before killing the process tree.</param>
    /// <param name="environment">Variables to set (a null value removes the variable).</param>
    /// <param name="cancellationToken">Cancels the wait and kills the process tree.</param>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (string name in new List<string>(startInfo.Environment.Keys))
        {
            if (Array.Exists(InheritedPrefixesToDrop, prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                startInfo.Environment.Remove(name);
            }
        }

        foreach ((string name, string? value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        string commandLine = $"{fileName} {string.Join(' ', startInfo.ArgumentList)}";
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start: {commandLine}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        bool timedOut = false;
        try
        {
            // Wait for the exit itself, not for end of output: a build server the child started may keep the pipes open.
            await exited.Task.WaitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await exited.Task.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }

        await Task.WhenAny(process.WaitForExitAsync(CancellationToken.None), Task.Delay(OutputDrainTimeout, CancellationToken.None)).ConfigureAwait(false);

        return new ProcessResult(commandLine, timedOut ? -1 : process.ExitCode, timedOut, Snapshot(stdout), Snapshot(stderr));
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.Append(line).Append('\n');
        }
    }

    private static string Snapshot(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }
}
