using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace SliceClientGen.Sample.Tests.Infrastructure;

/// <summary>What a finished run of the sample printed, and how it exited.</summary>
public sealed record SampleOutput(int ExitCode, string StandardOutput, string StandardError)
{
    public IReadOnlyList<string> Lines => StandardOutput.Split('\n').Select(line => line.TrimEnd('\r')).ToList();

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>
/// Runs the built sample as its own process, `dotnet SliceExplorer.dll …`, exactly as `dotnet run` would, with
/// stdout and stderr redirected (so the sample sees no terminal: plain output).
/// </summary>
public sealed class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly object _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = new();

    private SampleProcess(Process process) => _process = process;

    /// <summary>The sample's main assembly, copied next to the tests by the project reference.</summary>
    public static string SampleDll => Path.Combine(AppContext.BaseDirectory, "SliceExplorer.dll");

    public int Id => _process.Id;

    public static SampleProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo(DotNetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(SampleDll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Whatever the developer's shell says, the sample must decide colour by itself (stdout is redirected here).
        start.Environment.Remove("NO_COLOR");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var process = new Process { StartInfo = start };
        var sample = new SampleProcess(process);
        process.OutputDataReceived += (_, e) => sample.Received(e.Data, sample._output, match: true);
        process.ErrorDataReceived += (_, e) => sample.Received(e.Data, sample._error, match: false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sample;
    }

    /// <summary>Runs the sample to its end (killed after <paramref name="timeout"/>).</summary>
    public static async Task<SampleOutput> RunAsync(TimeSpan timeout, params string[] args)
    {
        await using SampleProcess sample = Start(args);
        return await sample.WaitForExitAsync(timeout);
    }

    /// <summary>The first stdout line (already printed or still to come) that <paramref name="match"/> accepts.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            string? existing = _output.ToString().Split('\n').Select(line => line.TrimEnd('\r')).FirstOrDefault(match);
            if (existing is not null)
            {
                found.SetResult(existing);
            }
            else
            {
                _waiters.Add((match, found));
            }
        }

        return found.Task.WaitAsync(timeout);
    }

    /// <summary>Sends a POSIX signal (SIGTERM, SIGINT) to the sample.</summary>
    public void Signal(PosixSignal signal)
    {
        int number = signal switch
        {
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGTERM => 15,
            _ => throw new ArgumentOutOfRangeException(nameof(signal)),
        };
        if (Kill(_process.Id, number) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {number}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public async Task<SampleOutput> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            throw new TimeoutException($"The sample did not finish within {timeout.TotalSeconds} s.\n{Snapshot(-1)}");
        }

        // WaitForExitAsync also waits for the redirected streams to reach their end.
        return Snapshot(_process.ExitCode);
    }

    public SampleOutput Snapshot(int exitCode)
    {
        lock (_gate)
        {
            return new SampleOutput(exitCode, _output.ToString(), _error.ToString());
        }
    }

    /// <summary>Stops a sample still running as a user would (SIGTERM, so it deletes its kubeconfig), killing it if it hangs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal(PosixSignal.SIGTERM);
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private void Received(string? line, StringBuilder into, bool match)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            into.Append(line).Append('\n');
            if (!match)
            {
                return;
            }

            foreach ((Func<string, bool> accepts, TaskCompletionSource<string> found) in _waiters.ToList())
            {
                if (accepts(line))
                {
                    found.TrySetResult(line);
                    _waiters.Remove((accepts, found));
                }
            }
        }
    }

    /// <summary>The dotnet host that runs these tests (the CLI sets DOTNET_HOST_PATH for its children).</summary>
    private static string DotNetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
