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
/// <remarks>
/// Plugins that print a client certificate (<c>status.clientCertificateData</c> and <c>status.clientKeyData</c>,
/// as some cloud providers' do) serve mutual TLS through <see cref="TlsMaterial.FromExecPlugin"/> (a kubeconfig
/// <c>exec</c> user gets this by itself): the same runs give the token and the certificate. A certificate is
/// renewed early enough that no pooled connection made with it takes new requests after it expires, and
/// again after a TLS handshake fails with it; requests on connections already open (watches) carry on.
/// A plugin that prints only a certificate sends no Authorization header.
/// </remarks>
public sealed class ExecCredentialTokenSource : BearerTokenSource
{
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

        Settings = settings;
        Credentials = new SingleFlightValue<ExecCredential>((_, _, async, cancellationToken) => RunAsync(async, cancellationToken), timeProvider);
    }

    /// <summary>How many times the plugin ran.</summary>
    public long Runs => Credentials.Fetches;

    internal ExecPluginSettings Settings { get; }

    /// <summary>The plugin's credentials, shared by the bearer token and the TLS client certificate.</summary>
    internal SingleFlightValue<ExecCredential> Credentials { get; }

    /// <inheritdoc />
    /// <exception cref="ClusterCredentialException">The plugin cannot be run, or printed no token (only a client certificate).</exception>
    public override async ValueTask<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        ExecCredential credential = forceRefresh
            ? await Credentials.RefreshAsync(null, async: true, cancellationToken).ConfigureAwait(false)
            : await Credentials.GetAsync(async: true, cancellationToken).ConfigureAwait(false);
        return credential.Token ?? throw new ClusterCredentialException("The " + Settings.Describe() + " printed a client certificate but no status.token.");
    }

    /// <summary>The token, or null when the plugin printed only a client certificate (mutual TLS authenticates then).</summary>
    internal override async ValueTask<string?> GetRequestTokenAsync(bool async, CancellationToken cancellationToken) =>
        (await Credentials.GetAsync(async, cancellationToken).ConfigureAwait(false)).Token;

    internal override async ValueTask<string> RefreshAsync(string rejected, bool async, CancellationToken cancellationToken)
    {
        ExecCredential credential = await Credentials.RefreshAsync(current => string.Equals(current.Token, rejected, StringComparison.Ordinal), async, cancellationToken).ConfigureAwait(false);

        // A plugin that stops printing a token leaves nothing newer to send: the 401 stands.
        return credential.Token ?? rejected;
    }

    /// <summary>The command and where it was configured; never arguments, environment, token or certificate.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Settings.Describe() + " (token redacted)";

    /// <summary>Tokens are renewed this long before they expire, so none leaves about to expire.</summary>
    internal static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a connection made with a plugin's client certificate takes new requests
    /// (<see cref="System.Net.Http.SocketsHttpHandler.PooledConnectionLifetime"/>); requests already on it carry on.
    /// </summary>
    internal static readonly TimeSpan CertificateConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Until when a credential is reused. A token: until <see cref="ExpiryMargin"/> before it expires. A client
    /// certificate: until <see cref="CertificateConnectionLifetime"/> plus that margin before, so that no pooled
    /// connection made with it is given a new request after it expires; but at least half its remaining life,
    /// so a plugin that prints the certificate it cached is not run again on every request.
    /// </summary>
    internal static DateTimeOffset RenewAt(ExecCredential credential, DateTimeOffset now)
    {
        if (credential.Expires is not { } expires)
        {
            return DateTimeOffset.MaxValue;
        }

        if (credential.Certificate is null)
        {
            return expires - ExpiryMargin;
        }

        TimeSpan early = CertificateConnectionLifetime + ExpiryMargin;
        TimeSpan half = (expires - now) / 2;
        TimeSpan lead = early <= half ? early : half > ExpiryMargin ? half : ExpiryMargin;
        return expires - lead;
    }

    private async ValueTask<(ExecCredential Value, DateTimeOffset ValidUntil)> RunAsync(bool async, CancellationToken cancellationToken)
    {
        TimeProvider clock = Credentials.TimeProvider;
        string stdout = await ExecPluginRunner.RunAsync(Settings, clock, async, cancellationToken).ConfigureAwait(false);
        ExecCredential credential = ExecCredentialParser.Parse(stdout, Settings);
        return (credential, RenewAt(credential, clock.GetUtcNow()));
    }
}
