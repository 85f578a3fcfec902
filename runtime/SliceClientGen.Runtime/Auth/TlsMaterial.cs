using System;
using System.IO;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// The TLS side of a cluster connection: the client certificate and key (mutual TLS; PEM, RSA or EC, or
/// PKCS#12), the certificate authorities the server must chain to (only those: the OS trust store is not
/// consulted when they are set), the name the server certificate must carry, and the kubeconfig's explicit
/// opt-out. Files are checked for changed content at most every <see cref="ReloadInterval"/> (client-go: 5
/// minutes) and new connections use the new material; a change that cannot be used yet (a certificate
/// written before its key) keeps the current material until the next check. The client certificate may also
/// come from an exec credential plugin (<see cref="FromExecPlugin"/>), renewed before it expires and after a
/// TLS handshake fails with it.
/// </summary>
public sealed class TlsMaterial
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly ClientCertificateInput? _client;
    private readonly ExecCredentialTokenSource? _exec;
    private State _state;
    private long _nextCheckTicks;
    private int _warned;
    private ILogger? _logger;
    private string? _lastRejection;
    private long _handshakes;

    /// <summary>Creates the material; certificates and keys are loaded (and checked) at once.</summary>
    /// <param name="clientCertificate">The client certificate PEM, or null.</param>
    /// <param name="clientKey">The client key PEM (RSA or EC; PKCS#1, SEC1 or PKCS#8, unencrypted), or null.</param>
    /// <param name="certificateAuthorities">The CA bundle PEM the server must chain to, or null for the OS trust store.</param>
    /// <param name="serverName">The name the server certificate must carry instead of the URL's host (kubeconfig <c>tls-server-name</c>).</param>
    /// <param name="insecureSkipVerify">Do not verify the server (kubeconfig <c>insecure-skip-tls-verify: true</c>); a warning is logged once.</param>
    /// <param name="reloadInterval">How often files are checked for changes; defaults to 5 minutes.</param>
    /// <param name="timeProvider">The clock; defaults to the system clock.</param>
    /// <exception cref="ArgumentException">Only one of certificate and key is given.</exception>
    /// <exception cref="ClusterCredentialException">A certificate or key cannot be read or used; the message names the file or kubeconfig key, never the content.</exception>
    public TlsMaterial(
        PemSource? clientCertificate = null,
        PemSource? clientKey = null,
        PemSource? certificateAuthorities = null,
        string? serverName = null,
        bool insecureSkipVerify = false,
        TimeSpan? reloadInterval = null,
        TimeProvider? timeProvider = null)
        : this(Pem(clientCertificate, clientKey), null, certificateAuthorities, serverName, insecureSkipVerify, reloadInterval, timeProvider)
    {
        ClientCertificateSource = clientCertificate;
        ClientKeySource = clientKey;
    }

    private TlsMaterial(ClientCertificateInput? client, ExecCredentialTokenSource? exec, PemSource? certificateAuthorities, string? serverName, bool insecureSkipVerify, TimeSpan? reloadInterval, TimeProvider? timeProvider)
    {
        if (reloadInterval is { } interval && interval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(reloadInterval), "The TLS reload interval must not be negative.");
        }

        _client = client;
        _exec = exec;
        AuthoritiesSource = certificateAuthorities;
        ServerName = string.IsNullOrWhiteSpace(serverName) ? null : serverName!.Trim();
        InsecureSkipVerify = insecureSkipVerify;
        ReloadInterval = reloadInterval ?? TimeSpan.FromMinutes(5);
        _time = timeProvider ?? TimeProvider.System;
        _state = Load();
        _nextCheckTicks = NextCheck(_time.GetUtcNow());
    }

    /// <summary>Creates the material with a PKCS#12 client certificate held in memory.</summary>
    /// <param name="pkcs12">The PKCS#12 (.pfx, .p12) bytes.</param>
    /// <param name="password">Its password, or null.</param>
    /// <param name="certificateAuthorities">The CA bundle, or null for the OS trust store.</param>
    /// <param name="serverName">The name the server certificate must carry instead of the URL's host, or null.</param>
    /// <returns>The material.</returns>
    /// <exception cref="ClusterCredentialException">The bundle or the CA cannot be read.</exception>
    public static TlsMaterial FromPkcs12(byte[] pkcs12, string? password, PemSource? certificateAuthorities = null, string? serverName = null) =>
        new(new Pkcs12ClientCertificateInput(pkcs12 ?? throw new ArgumentNullException(nameof(pkcs12)), null, password), null, certificateAuthorities, serverName, false, null, null);

    /// <summary>Creates the material with a PKCS#12 client certificate file, read again when it changes.</summary>
    /// <param name="path">The .pfx or .p12 file.</param>
    /// <param name="password">Its password, or null.</param>
    /// <param name="certificateAuthorities">The CA bundle, or null for the OS trust store.</param>
    /// <param name="serverName">The name the server certificate must carry instead of the URL's host, or null.</param>
    /// <param name="reloadInterval">How often files are checked for changes; defaults to 5 minutes.</param>
    /// <param name="timeProvider">The clock; defaults to the system clock.</param>
    /// <returns>The material.</returns>
    /// <exception cref="ClusterCredentialException">The file or the CA cannot be read.</exception>
    public static TlsMaterial FromPkcs12File(string path, string? password, PemSource? certificateAuthorities = null, string? serverName = null, TimeSpan? reloadInterval = null, TimeProvider? timeProvider = null) =>
        new(new Pkcs12ClientCertificateInput(null, path ?? throw new ArgumentNullException(nameof(path)), password), null, certificateAuthorities, serverName, false, reloadInterval, timeProvider);

    /// <summary>
    /// Creates the material with the client certificate an exec credential plugin prints
    /// (<c>status.clientCertificateData</c> and <c>status.clientKeyData</c>). The plugin runs before the first
    /// request; its certificate is used for new connections until shortly before <c>status.expirationTimestamp</c>
    /// (early enough that no pooled connection made with it takes new requests after it expires), and the plugin
    /// runs again when a TLS handshake fails with it (the request is then sent once more). Requests already
    /// running on older connections (watches) carry on. Pass the same <paramref name="plugin"/> as the
    /// configuration's token source when it prints a token too: one run serves both. A plugin that prints no
    /// certificate leaves the connection without one.
    /// </summary>
    /// <param name="plugin">The plugin.</param>
    /// <param name="certificateAuthorities">The CA bundle, or null for the OS trust store.</param>
    /// <param name="serverName">The name the server certificate must carry instead of the URL's host, or null.</param>
    /// <param name="reloadInterval">How often a CA file is checked for changes; defaults to 5 minutes.</param>
    /// <returns>The material.</returns>
    /// <exception cref="ClusterCredentialException">The CA cannot be read.</exception>
    public static TlsMaterial FromExecPlugin(ExecCredentialTokenSource plugin, PemSource? certificateAuthorities = null, string? serverName = null, TimeSpan? reloadInterval = null) =>
        new(null, plugin ?? throw new ArgumentNullException(nameof(plugin)), certificateAuthorities, serverName, false, reloadInterval, plugin.Credentials.TimeProvider);

    /// <summary>The kubeconfig's material for an exec user without a client certificate of its own.</summary>
    internal static TlsMaterial FromKubeConfigExec(ExecCredentialTokenSource plugin, PemSource? certificateAuthorities, string? serverName, bool insecureSkipVerify, TimeSpan? reloadInterval, TimeProvider? timeProvider) =>
        new(null, plugin, certificateAuthorities, serverName, insecureSkipVerify, reloadInterval, timeProvider);

    /// <summary>The client certificate PEM source, if one was given as PEM.</summary>
    public PemSource? ClientCertificateSource { get; }

    /// <summary>The client key PEM source, if one was given as PEM.</summary>
    public PemSource? ClientKeySource { get; }

    /// <summary>The CA bundle PEM source, if any.</summary>
    public PemSource? AuthoritiesSource { get; }

    /// <summary>The name the server certificate must carry, when not the URL's host.</summary>
    public string? ServerName { get; }

    /// <summary>True when the server is not verified (kubeconfig opt-out).</summary>
    public bool InsecureSkipVerify { get; }

    /// <summary>How often files are checked for changes.</summary>
    public TimeSpan ReloadInterval { get; }

    /// <summary>
    /// The current client certificate (with its key), if any; files are checked first when the interval has passed.
    /// From an exec plugin: the one it printed last (null before its first run).
    /// </summary>
    public X509Certificate2? ClientCertificate
    {
        get
        {
            if (_exec is not null)
            {
                return _exec.Credentials.Latest?.Certificate;
            }

            Refresh();
            return Volatile.Read(ref _state).Client;
        }
    }

    /// <summary>The current certificate authorities, if any; files are checked first when the interval has passed.</summary>
    public X509Certificate2Collection? Authorities
    {
        get
        {
            Refresh();
            return Volatile.Read(ref _state).Authorities;
        }
    }

    /// <summary>Why the last server certificate was rejected (null after one was accepted), to explain the failed request.</summary>
    internal string? LastRejection
    {
        get => Volatile.Read(ref _lastRejection);
        set => Volatile.Write(ref _lastRejection, value);
    }

    /// <summary>Where the client certificate comes from ("none"), for messages.</summary>
    internal string ClientCertificateDescription => _client?.Description ?? (_exec is null ? "none" : "printed by the " + _exec.Settings.Describe());

    /// <summary>
    /// How many TLS handshakes asked for the client certificate (every handshake on Linux): a request during which this
    /// grew may have opened a connection (a TLS 1.3 server refuses a certificate only once the request is on its way).
    /// </summary>
    internal long ClientCertificateHandshakes => Interlocked.Read(ref _handshakes);

    /// <summary>The exec plugin whose certificate is used, if any.</summary>
    internal ExecCredentialTokenSource? ExecPlugin => _exec;

    /// <summary>
    /// Makes sure the exec plugin's certificate is current before a request may open a connection (the plugin
    /// runs when it has not yet or the certificate is due for renewal), and returns it; null without a plugin.
    /// </summary>
    /// <param name="async">False on the synchronous path: the plugin runs synchronously and the returned task has completed.</param>
    /// <param name="cancellationToken">Cancels the plugin run.</param>
    internal async ValueTask<X509Certificate2?> PrepareClientCertificateAsync(bool async, CancellationToken cancellationToken) =>
        _exec is null ? null : (await _exec.Credentials.GetAsync(async, cancellationToken).ConfigureAwait(false)).Certificate;

    /// <summary>
    /// After a TLS handshake failed with <paramref name="refused"/>: the plugin runs again (once, however many
    /// requests failed with it) unless it already printed a newer certificate. True when there is a different
    /// certificate to try.
    /// </summary>
    /// <param name="refused">The certificate the handshake failed with.</param>
    /// <param name="server">The server, for the log.</param>
    /// <param name="async">False on the synchronous path: the plugin runs synchronously and the returned task has completed.</param>
    /// <param name="cancellationToken">Cancels the plugin run.</param>
    internal async ValueTask<bool> RenewClientCertificateAsync(X509Certificate2 refused, string server, bool async, CancellationToken cancellationToken)
    {
        if (_exec is null)
        {
            return false;
        }

        ExecCredential renewed = await _exec.Credentials.RefreshAsync(current => ReferenceEquals(current.Certificate, refused), async, cancellationToken).ConfigureAwait(false);
        if (Volatile.Read(ref _logger) is { } logger)
        {
            TlsLog.ClientCertificateRenewed(logger, server, refused.Subject, _exec.Settings.Describe(), renewed.Certificate?.Subject ?? "none");
        }

        return renewed.Certificate is not null && !ReferenceEquals(renewed.Certificate, refused);
    }

    /// <summary>True when a certificate, key or CA lives in a file (and so can change).</summary>
    internal bool HasFiles => _client?.HasFiles == true || AuthoritiesSource?.Path is not null;

    /// <summary>True when the material can change while it is used: files are read again, or an exec plugin renews the certificate.</summary>
    internal bool CanChange => HasFiles || _exec is not null;

    /// <summary>
    /// The client certificate and certificate authorities to use now, read together (files are checked first when
    /// the interval has passed; from an exec plugin, the certificate it printed last). A connection pool made with
    /// them keeps them: <see cref="TlsConnectionPools"/> compares each request's with its pool's.
    /// </summary>
    internal (X509Certificate2? ClientCertificate, X509Certificate2Collection? Authorities) Current()
    {
        Refresh();
        State state = Volatile.Read(ref _state);
        return (_exec is null ? state.Client : _exec.Credentials.Latest?.Certificate, state.Authorities);
    }

    /// <summary>
    /// Applies the material to a handler: the client certificate is chosen per connection (so new connections
    /// get re-read material), the server is verified by this material, and pooled connections are renewed
    /// every <see cref="ReloadInterval"/> when files are involved.
    /// </summary>
    /// <param name="handler">The handler to configure.</param>
    /// <param name="logger">Receives the one warning about skipped verification, rejected server certificates and reloads; may be null.</param>
    public void Configure(SocketsHttpHandler handler, ILogger? logger = null)
    {
        if (handler is null)
        {
            throw new ArgumentNullException(nameof(handler));
        }

        Configure(handler, () => ClientCertificate, () => Authorities, logger);
        if (HasFiles && ReloadInterval > TimeSpan.Zero)
        {
            handler.PooledConnectionLifetime = ReloadInterval;
        }

        if (_exec is not null && (handler.PooledConnectionLifetime == Timeout.InfiniteTimeSpan || handler.PooledConnectionLifetime > ExecCredentialTokenSource.CertificateConnectionLifetime))
        {
            // A renewed certificate reaches new requests through new connections; those on older ones carry on.
            handler.PooledConnectionLifetime = ExecCredentialTokenSource.CertificateConnectionLifetime;
        }
    }

    /// <summary>
    /// Applies one fixed version of the material (from <see cref="Current"/>) to the handler of one connection pool:
    /// every connection it makes offers <paramref name="clientCertificate"/> and verifies the server against
    /// <paramref name="authorities"/>, however the material changes later.
    /// </summary>
    internal void Configure(SocketsHttpHandler handler, X509Certificate2? clientCertificate, X509Certificate2Collection? authorities, ILogger? logger) =>
        Configure(handler, () => clientCertificate, () => authorities, logger);

    private void Configure(SocketsHttpHandler handler, Func<X509Certificate2?> clientCertificate, Func<X509Certificate2Collection?> authorities, ILogger? logger)
    {
        if (logger is not null)
        {
            Volatile.Write(ref _logger, logger);
            if (InsecureSkipVerify && Interlocked.Exchange(ref _warned, 1) == 0)
            {
                TlsLog.VerificationDisabled(logger, "insecure-skip-tls-verify: true");
            }
        }

        SslClientAuthenticationOptions ssl = handler.SslOptions ??= new SslClientAuthenticationOptions();

        // Asked at every handshake (on Linux, before the server says whether it wants a certificate): counted even
        // without a certificate to offer, so a request during which a connection was made, and which then failed
        // (TLS 1.3 refuses a certificate after the handshake, over HTTP/2 as a connection preface never answered),
        // is explained as a possible refusal.
        ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) =>
        {
            Interlocked.Increment(ref _handshakes);
            return clientCertificate()!;
        };
        ssl.RemoteCertificateValidationCallback = new ServerCertificateValidator(this, authorities, logger).Validate;
    }

    /// <summary>Where the material comes from and how the server is checked; never content.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        "TLS (client certificate: " + ClientCertificateDescription + "; certificate authorities: " + (AuthoritiesSource?.Description ?? "system trust store")
        + (ServerName is null ? string.Empty : "; server name " + ServerName) + (InsecureSkipVerify ? "; server verification DISABLED" : string.Empty) + ")";

    private static ClientCertificateInput? Pem(PemSource? certificate, PemSource? key)
    {
        if ((certificate is null) != (key is null))
        {
            throw new ArgumentException("A client certificate needs its key, and a key needs its certificate.", certificate is null ? nameof(certificate) : nameof(key));
        }

        return certificate is null ? null : new PemClientCertificateInput(certificate, key!);
    }

    private State Load()
    {
        byte[] stamp;
        try
        {
            stamp = Stamp();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClusterCredentialException("The TLS material (" + Describe() + ") cannot be read: " + e.Message, e);
        }

        X509Certificate2? client = _client?.Load();
        X509Certificate2Collection? authorities = AuthoritiesSource is null ? null : CertificateLoader.Authorities(AuthoritiesSource.Read(), AuthoritiesSource.Description);
        return new State(client, authorities, stamp);
    }

    private void Refresh()
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (!HasFiles || now.UtcTicks < Interlocked.Read(ref _nextCheckTicks))
        {
            return;
        }

        lock (_gate)
        {
            if (now.UtcTicks < Interlocked.Read(ref _nextCheckTicks))
            {
                return;
            }

            Interlocked.Exchange(ref _nextCheckTicks, NextCheck(now));
            ILogger? logger = Volatile.Read(ref _logger);
            try
            {
                if (Stamp().AsSpan().SequenceEqual(_state.Stamp))
                {
                    return;
                }

                Volatile.Write(ref _state, Load());
                if (logger is not null)
                {
                    TlsLog.Reloaded(logger, Describe());
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ClusterCredentialException)
            {
                // Caught mid-rotation: keep what works, look again at the next check.
                if (logger is not null)
                {
                    TlsLog.ReloadFailed(logger, Describe(), e.Message);
                }
            }
        }
    }

    private byte[] Stamp()
    {
        byte[] client = _client?.Stamp() ?? Array.Empty<byte>();
        byte[] authorities = AuthoritiesSource?.Stamp() ?? Array.Empty<byte>();
        byte[] both = new byte[client.Length + authorities.Length];
        client.CopyTo(both, 0);
        authorities.CopyTo(both, client.Length);
        return both;
    }

    private long NextCheck(DateTimeOffset now) =>
        ReloadInterval >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue.UtcTicks : (now + ReloadInterval).UtcTicks;

    private string Describe() => (_client is null ? string.Empty : "client certificate " + _client.Description + "; ") + "certificate authorities " + (AuthoritiesSource?.Description ?? "none");

    /// <summary>The loaded material and the content hashes it was loaded from, replaced whole.</summary>
    private sealed class State
    {
        public State(X509Certificate2? client, X509Certificate2Collection? authorities, byte[] stamp)
        {
            Client = client;
            Authorities = authorities;
            Stamp = stamp;
        }

        public X509Certificate2? Client { get; }

        public X509Certificate2Collection? Authorities { get; }

        public byte[] Stamp { get; }
    }
}
