using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// A kubeconfig <c>exec</c> credential plugin (client.authentication.k8s.io/v1 or v1beta1 ExecCredential):
/// runs the command with its arguments and environment, reads <c>status.token</c> and
/// <c>status.expirationTimestamp</c>, caches the token until it expires and runs the plugin again after a 401.
/// </summary>
public sealed class ExecCredentialTokenSource : BearerTokenSource
{
    private readonly Source _source;

    /// <summary>Creates the source.</summary>
    /// <param name="command">The plugin executable.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <param name="apiVersion">The ExecCredential apiVersion the kubeconfig names.</param>
    /// <param name="workingDirectory">Where relative commands resolve (the kubeconfig's directory).</param>
    /// <param name="timeProvider">The clock; defaults to the system clock.</param>
    /// <param name="timeout">How long the plugin may run; defaults to one minute.</param>
    public ExecCredentialTokenSource(
        string command,
        IReadOnlyList<string>? arguments = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string apiVersion = "client.authentication.k8s.io/v1",
        string? workingDirectory = null,
        TimeProvider? timeProvider = null,
        TimeSpan? timeout = null)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            throw new ArgumentException("The exec plugin command is empty.", nameof(command));
        }

        _source = new Source(command, arguments ?? Array.Empty<string>(), environment ?? new Dictionary<string, string>(), apiVersion, workingDirectory, timeProvider ?? TimeProvider.System, timeout ?? TimeSpan.FromMinutes(1));
    }

    /// <summary>How many times the plugin ran.</summary>
    public long Runs => _source.Refreshes;

    /// <inheritdoc />
    public override ValueTask<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken) => _source.GetTokenAsync(forceRefresh, cancellationToken);

    /// <inheritdoc />
    public override string ToString() => "exec plugin " + _source.Command + " (token redacted)";

    private sealed class Source : CachedTokenSource
    {
        private readonly IReadOnlyList<string> _arguments;
        private readonly IReadOnlyDictionary<string, string> _environment;
        private readonly string _apiVersion;
        private readonly string? _workingDirectory;
        private readonly TimeSpan _timeout;

        public Source(string command, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string apiVersion, string? workingDirectory, TimeProvider timeProvider, TimeSpan timeout)
            : base(timeProvider)
        {
            Command = command;
            _arguments = arguments;
            _environment = environment;
            _apiVersion = apiVersion;
            _workingDirectory = workingDirectory;
            _timeout = timeout;
        }

        public string Command { get; }

        protected override async ValueTask<(string Token, DateTimeOffset ValidUntil)> FetchAsync(string? previous, bool forceRefresh, CancellationToken cancellationToken)
        {
            var start = new ProcessStartInfo(ResolveCommand())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = _workingDirectory ?? string.Empty,
                StandardOutputEncoding = Encoding.UTF8,
            };
            foreach (string argument in _arguments)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (KeyValuePair<string, string> variable in _environment)
            {
                start.Environment[variable.Key] = variable.Value;
            }

            start.Environment["KUBERNETES_EXEC_INFO"] = "{\"apiVersion\":\"" + _apiVersion + "\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}";

            using var process = new Process { StartInfo = start };
            try
            {
                process.Start();
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
            {
                throw new InvalidOperationException("The exec credential plugin '" + Command + "' could not be started: " + e.Message, e);
            }

            process.StandardInput.Close();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            Task<string> output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            Task<string> errors = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                TryKill(process);
                throw new TimeoutException("The exec credential plugin '" + Command + "' did not finish within " + _timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s.");
            }
            catch (OperationCanceledException)
            {
                TryKill(process);
                throw;
            }

            string stdout = await output.ConfigureAwait(false);
            string stderr = await errors.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                // stderr is the plugin's own diagnostics; stdout may hold a credential and is never shown.
                throw new InvalidOperationException("The exec credential plugin '" + Command + "' exited with code " + process.ExitCode + ": " + Shorten(stderr));
            }

            return Parse(stdout);
        }

        private (string Token, DateTimeOffset ValidUntil) Parse(string stdout)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(stdout);
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out JsonElement status) || status.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidOperationException("The exec credential plugin '" + Command + "' printed an ExecCredential without a status.");
                }

                if (!status.TryGetProperty("token", out JsonElement token) || token.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(token.GetString()))
                {
                    throw new InvalidOperationException("The exec credential plugin '" + Command + "' printed no status.token (client certificates from exec plugins are not supported).");
                }

                DateTimeOffset validUntil = DateTimeOffset.MaxValue;
                if (status.TryGetProperty("expirationTimestamp", out JsonElement expiry) && expiry.ValueKind == JsonValueKind.String)
                {
                    if (!DateTimeOffset.TryParse(expiry.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset expires))
                    {
                        throw new InvalidOperationException("The exec credential plugin '" + Command + "' printed an unreadable status.expirationTimestamp '" + expiry.GetString() + "'.");
                    }

                    // Renew a little early so a request never leaves with a token about to expire.
                    validUntil = expires - TimeSpan.FromSeconds(10);
                }

                return (token.GetString()!.Trim(), validUntil);
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException("The exec credential plugin '" + Command + "' printed something that is not an ExecCredential JSON document (" + e.Message.Split('.')[0] + ").", e);
            }
        }

        private string ResolveCommand() =>
            !Path.IsPathRooted(Command) && Command.Contains(Path.DirectorySeparatorChar) && _workingDirectory is not null
                ? Path.GetFullPath(Path.Combine(_workingDirectory, Command))
                : Command;

        private static void TryKill(Process process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        private static string Shorten(string text)
        {
            text = text.Trim();
            return text.Length == 0 ? "(no output on stderr)" : text.Length > 500 ? text.Substring(0, 500) + "…" : text;
        }
    }
}
