using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// Runs an exec credential plugin as kubectl does: the command with its arguments, the process environment
/// plus the configured variables plus KUBERNETES_EXEC_INFO, no terminal (stdin closed). Returns its standard
/// output, which holds the credential and never reaches a message; standard error is the plugin's diagnostics
/// and is quoted (shortened) when it fails. On the synchronous path (<c>async: false</c>) it waits with
/// <see cref="Process.WaitForExit()"/>; the timeout and cancellation kill the plugin, which ends the wait.
/// </summary>
internal static class ExecPluginRunner
{
    private const int MaxDiagnosticsLength = 500;

    public static async Task<string> RunAsync(ExecPluginSettings settings, TimeProvider timeProvider, bool async, CancellationToken cancellationToken)
    {
        string plugin = settings.Describe();
        if (string.Equals(settings.InteractiveMode, "Always", StringComparison.Ordinal))
        {
            throw new ClusterCredentialException("The " + plugin + " has interactiveMode: Always, but a library client has no terminal to give it.");
        }

        var start = new ProcessStartInfo(ResolveCommand(settings))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in settings.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (KeyValuePair<string, string> variable in settings.Environment)
        {
            start.Environment[variable.Key] = variable.Value;
        }

        start.Environment["KUBERNETES_EXEC_INFO"] = ExecCredentialRequest.Write(settings, interactive: false);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
        {
            throw new ClusterCredentialException(
                "The " + plugin + " could not be started: " + e.Message + (string.IsNullOrWhiteSpace(settings.InstallHint) ? string.Empty : " " + settings.InstallHint!.Trim()), e);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(settings.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Task<string> output = process.StandardOutput.ReadToEndAsync(linked.Token);
        Task<string> errors = process.StandardError.ReadToEndAsync(linked.Token);
        string stdout;
        string stderr;
        try
        {
            if (async)
            {
                await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            }
            else
            {
                using (linked.Token.Register(static p => Kill((Process)p!), process))
                {
                    process.WaitForExit();
                }

                linked.Token.ThrowIfCancellationRequested();
            }

            // The plugin has exited: its output ends (a synchronous wait for these reads blocks on the pipes alone).
            stdout = async ? await output.ConfigureAwait(false) : output.GetAwaiter().GetResult();
            stderr = async ? await errors.ConfigureAwait(false) : errors.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            Task bothRead = Task.WhenAll(Quietly(output), Quietly(errors));
            if (async)
            {
                await bothRead.ConfigureAwait(false);
            }
            else
            {
                bothRead.GetAwaiter().GetResult();
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new ClusterCredentialException("The " + plugin + " did not finish within " + settings.Timeout + ".");
        }

        if (process.ExitCode != 0)
        {
            throw new ClusterCredentialException("The " + plugin + " exited with code " + process.ExitCode + ": " + Shorten(stderr));
        }

        return stdout;
    }

    /// <summary>A command with a directory part and no root resolves against the kubeconfig's directory; a bare name is looked up on PATH.</summary>
    private static string ResolveCommand(ExecPluginSettings settings)
    {
        string command = settings.Command;
        bool hasDirectory = command.IndexOf('/') >= 0 || command.IndexOf(Path.DirectorySeparatorChar) >= 0;
        return hasDirectory && !Path.IsPathRooted(command) && settings.BaseDirectory is not null
            ? Path.GetFullPath(Path.Combine(settings.BaseDirectory, command))
            : command;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    private static async Task Quietly(Task<string> read)
    {
        try
        {
            await read.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The output of a killed plugin is not needed.
        }
    }

    private static string Shorten(string text)
    {
        text = text.Trim();
        return text.Length == 0 ? "(nothing on standard error)" : text.Length > MaxDiagnosticsLength ? text.Substring(0, MaxDiagnosticsLength) + "…" : text;
    }
}
