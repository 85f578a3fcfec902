using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// A kubeconfig <c>exec</c> credential plugin (ExecCredential client.authentication.k8s.io/v1 or v1beta1):
/// runs the command with its arguments and environment (plus KUBERNETES_EXEC_INFO, as kubectl), reads
/// <c>status.token</c> and <c>status.expirationTimestamp</c>, reuses the token until 10 seconds before it
/// expires (without an expiry: until a 401), and runs the plugin again after a 401. One run at a time,
/// however many requests wait.
/// </summary>
public sealed class ExecCredentialTokenSource : BearerTokenSource
{
    private readonly Source _source;

    /// <summary>Creates the source.</summary>
    /// <param name="command">The plugin executable: a name looked up on PATH, or a path.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="environment">Extra environment variables (added to this process's).</param>
    /// <param name="apiVersion">The ExecCredential apiVersion: <c>client.authentication.k8s.io/v1</c> (default) or <c>v1beta1</c>.</param>
    /// <param name="workingDirectory">Where a relative <paramref name="command"/> with a directory part resolves (a kubeconfig's directory).</param>
    /// <param name="timeProvider">The clock that decides expiry; defaults to the system clock.</param>
    /// <param name="timeout">How long the plugin may run; defaults to one minute.</param>
    /// <exception cref="ArgumentException">The command is empty or the apiVersion is not v1 or v1beta1.</exception>
    public ExecCredentialTokenSource(
        string command,
        IReadOnlyList<string>? arguments = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string apiVersion = ExecPluginSettings.V1,
        string? workingDirectory = null,
        TimeProvider? timeProvider = null,
        TimeSpan? timeout = null)
        : this(
            new ExecPluginSettings
            {
                Command = command,
                Arguments = arguments ?? Array.Empty<string>(),
                Environment = environment?.ToArray() ?? Array.Empty<KeyValuePair<string, string>>(),
                ApiVersion = apiVersion,
                BaseDirectory = workingDirectory,
                Timeout = timeout ?? TimeSpan.FromMinutes(1),
            },
            timeProvider ?? TimeProvider.System)
    {
    }

    internal ExecCredentialTokenSource(ExecPluginSettings settings, TimeProvider timeProvider)
    {
        if (string.IsNullOrWhiteSpace(settings.Command))
        {
            throw new ArgumentException("The exec plugin command is empty" + (settings.Origin is null ? "." : " (" + settings.Origin + ")."), nameof(settings));
        }

        if (settings.ApiVersion is not (ExecPluginSettings.V1 or ExecPluginSettings.V1Beta1))
        {
            throw new ArgumentException(
                "The exec plugin '" + settings.Command + "'" + (settings.Origin is null ? string.Empty : " (" + settings.Origin + ")") + " asks for apiVersion '" + settings.ApiVersion
                + "'; supported are " + ExecPluginSettings.V1 + " and " + ExecPluginSettings.V1Beta1 + ".",
                nameof(settings));
        }

        if (settings.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "The exec plugin timeout must be positive.");
        }

        _source = new Source(settings, timeProvider);
    }

    /// <summary>How many times the plugin ran.</summary>
    public long Runs => _source.Refreshes;

    /// <inheritdoc />
    public override ValueTask<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken) => _source.GetTokenAsync(forceRefresh, cancellationToken);

    internal override ValueTask<string> RefreshAsync(string rejected, CancellationToken cancellationToken) => _source.RefreshAsync(rejected, cancellationToken);

    /// <summary>The command and where it was configured; never arguments, environment or token.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => _source.Settings.Describe() + " (token redacted)";

    /// <summary>Tokens are renewed this long before they expire, so none leaves about to expire.</summary>
    internal static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(10);

    private sealed class Source : CachedTokenSource
    {
        public Source(ExecPluginSettings settings, TimeProvider timeProvider)
            : base(timeProvider) => Settings = settings;

        public ExecPluginSettings Settings { get; }

        protected override async ValueTask<(string Token, DateTimeOffset ValidUntil)> FetchAsync(string? previous, bool forceRefresh, CancellationToken cancellationToken)
        {
            string stdout = await ExecPluginRunner.RunAsync(Settings, TimeProvider, cancellationToken).ConfigureAwait(false);
            (string token, DateTimeOffset? expires) = ExecCredentialParser.Parse(stdout, Settings);
            return (token, expires is { } at ? at - ExpiryMargin : DateTimeOffset.MaxValue);
        }
    }
}
