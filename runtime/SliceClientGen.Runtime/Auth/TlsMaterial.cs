using System;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// The TLS side of a cluster connection: the client certificate and key (mutual TLS), the certificate
/// authorities the server must chain to (only those: the OS trust store is not consulted when they are set),
/// the name the server certificate must carry, and the kubeconfig's explicit opt-out. Files are re-read when
/// they change (checked at most every <see cref="ReloadInterval"/>, as client-go does every 5 minutes), and new
/// connections use the new material.
/// </summary>
public sealed class TlsMaterial
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private DateTimeOffset _nextCheck = DateTimeOffset.MinValue;
    private (DateTime? Certificate, DateTime? Key, DateTime? Authorities) _stamps;
    private X509Certificate2? _clientCertificate;
    private X509Certificate2Collection? _authorities;
    private int _warned;

    /// <summary>Creates the material; certificates are loaded (and checked) at once.</summary>
    /// <param name="clientCertificate">The client certificate PEM, or null.</param>
    /// <param name="clientKey">The client key PEM (RSA or EC, PKCS#1, SEC1 or PKCS#8), or null.</param>
    /// <param name="certificateAuthorities">The CA bundle PEM the server must chain to, or null for the OS trust store.</param>
    /// <param name="serverName">The name the server certificate must carry instead of the URL's host (kubeconfig <c>tls-server-name</c>).</param>
    /// <param name="insecureSkipVerify">Do not verify the server (kubeconfig <c>insecure-skip-tls-verify: true</c>); a warning is logged once.</param>
    /// <param name="reloadInterval">How often files are checked for changes; defaults to 5 minutes.</param>
    /// <param name="timeProvider">The clock; defaults to the system clock.</param>
    /// <exception cref="InvalidOperationException">A certificate or key cannot be read; the message names the file or kubeconfig key, never the content.</exception>
    public TlsMaterial(
        PemSource? clientCertificate = null,
        PemSource? clientKey = null,
        PemSource? certificateAuthorities = null,
        string? serverName = null,
        bool insecureSkipVerify = false,
        TimeSpan? reloadInterval = null,
        TimeProvider? timeProvider = null)
    {
        if ((clientCertificate is null) != (clientKey is null))
        {
            throw new ArgumentException("A client certificate needs its key and a key needs its certificate.", clientCertificate is null ? nameof(clientCertificate) : nameof(clientKey));
        }

        ClientCertificateSource = clientCertificate;
        ClientKeySource = clientKey;
        AuthoritiesSource = certificateAuthorities;
        ServerName = string.IsNullOrWhiteSpace(serverName) ? null : serverName;
        InsecureSkipVerify = insecureSkipVerify;
        ReloadInterval = reloadInterval ?? TimeSpan.FromMinutes(5);
        _time = timeProvider ?? TimeProvider.System;
        Refresh(force: true);
    }

    /// <summary>Creates the material with a PKCS#12 client certificate.</summary>
    /// <param name="pkcs12">The PKCS#12 (.pfx/.p12) bytes.</param>
    /// <param name="password">Its password, or null.</param>
    /// <param name="certificateAuthorities">The CA bundle, or null for the OS trust store.</param>
    /// <returns>The material.</returns>
    public static TlsMaterial FromPkcs12(byte[] pkcs12, string? password, PemSource? certificateAuthorities = null)
    {
        var material = new TlsMaterial(certificateAuthorities: certificateAuthorities);
        try
        {
#if NET9_0_OR_GREATER
            material._clientCertificate = X509CertificateLoader.LoadPkcs12(pkcs12, password);
#else
            material._clientCertificate = new X509Certificate2(pkcs12, password);
#endif
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException("The PKCS#12 client certificate cannot be read (wrong password or not PKCS#12): " + e.Message, e);
        }

        return material;
    }

    /// <summary>The client certificate PEM source, if any.</summary>
    public PemSource? ClientCertificateSource { get; }

    /// <summary>The client key PEM source, if any.</summary>
    public PemSource? ClientKeySource { get; }

    /// <summary>The CA bundle PEM source, if any.</summary>
    public PemSource? AuthoritiesSource { get; }

    /// <summary>The name the server certificate must carry, when not the URL's host.</summary>
    public string? ServerName { get; }

    /// <summary>True when the server is not verified (kubeconfig opt-out).</summary>
    public bool InsecureSkipVerify { get; }

    /// <summary>How often files are checked for changes.</summary>
    public TimeSpan ReloadInterval { get; }

    /// <summary>The current client certificate (with its key), if any.</summary>
    public X509Certificate2? ClientCertificate
    {
        get
        {
            Refresh(force: false);
            return _clientCertificate;
        }
    }

    /// <summary>The current certificate authorities, if any.</summary>
    public X509Certificate2Collection? Authorities
    {
        get
        {
            Refresh(force: false);
            return _authorities;
        }
    }

    /// <summary>Applies the material to a handler: client certificate selection, server verification, connection lifetime.</summary>
    /// <param name="handler">The handler to configure.</param>
    /// <param name="logger">Receives the one warning about skipped verification; may be null.</param>
    public void Configure(SocketsHttpHandler handler, ILogger? logger = null)
    {
        if (handler is null)
        {
            throw new ArgumentNullException(nameof(handler));
        }

        SslClientAuthenticationOptions ssl = handler.SslOptions ??= new SslClientAuthenticationOptions();
        if (ClientCertificateSource is not null || _clientCertificate is not null)
        {
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => ClientCertificate!;
        }

        ssl.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(certificate, chain, errors, logger);

        // Connections are reused; bound their life so re-read certificates reach new connections.
        if (ClientCertificateSource?.Path is not null || AuthoritiesSource?.Path is not null)
        {
            handler.PooledConnectionLifetime = ReloadInterval;
        }
    }

    private bool Validate(System.Security.Cryptography.X509Certificates.X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, ILogger? logger)
    {
        if (InsecureSkipVerify)
        {
            if (Interlocked.Exchange(ref _warned, 1) == 0)
            {
                logger?.LogWarning("TLS verification of the API server is disabled (insecure-skip-tls-verify: true): the connection can be intercepted.");
            }

            return true;
        }

        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        X509Certificate2 server = certificate as X509Certificate2 ?? Load(certificate.GetRawCertData());
        if (ServerName is not null)
        {
            if (!server.MatchesHostname(ServerName))
            {
                return false;
            }

            errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
        }
        else if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        X509Certificate2Collection? authorities = Authorities;
        if (authorities is not { Count: > 0 })
        {
            return errors == SslPolicyErrors.None;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(authorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            for (int i = 1; i < chain.ChainElements.Count; i++)
            {
                custom.ChainPolicy.ExtraStore.Add(chain.ChainElements[i].Certificate);
            }
        }

        return custom.Build(server);
    }

    private void Refresh(bool force)
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (!force && now < _nextCheck)
        {
            return;
        }

        lock (_gate)
        {
            if (!force && now < _nextCheck)
            {
                return;
            }

            var stamps = (ClientCertificateSource?.Stamp(), ClientKeySource?.Stamp(), AuthoritiesSource?.Stamp());
            if (force || stamps != _stamps)
            {
                try
                {
                    if (ClientCertificateSource is not null && ClientKeySource is not null)
                    {
                        _clientCertificate = LoadClientCertificate(ClientCertificateSource, ClientKeySource);
                    }

                    if (AuthoritiesSource is not null)
                    {
                        _authorities = LoadAuthorities(AuthoritiesSource);
                    }

                    _stamps = stamps;
                }
                catch (InvalidOperationException) when (!force)
                {
                    // A file caught mid-rotation: keep the current material, try again at the next check.
                }
            }

            _nextCheck = now + ReloadInterval;
        }
    }

    private static X509Certificate2 LoadClientCertificate(PemSource certificate, PemSource key)
    {
        string certificatePem = certificate.Read();
        string keyPem = key.Read();
        try
        {
            X509Certificate2 loaded = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            if (OperatingSystem.IsWindows())
            {
                // SChannel needs a persisted key: round-trip through PKCS#12.
                using (loaded)
                {
                    return LoadPkcs12(loaded.Export(X509ContentType.Pkcs12));
                }
            }

            return loaded;
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                "The client certificate (" + certificate.Description + ") and key (" + key.Description + ") cannot be used: " + e.Message
                + " Expected PEM blocks 'CERTIFICATE' and 'RSA PRIVATE KEY', 'EC PRIVATE KEY' or 'PRIVATE KEY' that belong together.", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException("The client certificate (" + certificate.Description + ") or key (" + key.Description + ") is not PEM: " + e.Message, e);
        }
    }

    private static X509Certificate2Collection LoadAuthorities(PemSource source)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(source.Read());
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException("The certificate authorities (" + source.Description + ") cannot be read: " + e.Message, e);
        }

        return collection.Count == 0
            ? throw new InvalidOperationException("The certificate authorities (" + source.Description + ") hold no PEM CERTIFICATE block.")
            : collection;
    }

    private static X509Certificate2 Load(byte[] der)
    {
#if NET9_0_OR_GREATER
        return X509CertificateLoader.LoadCertificate(der);
#else
        return new X509Certificate2(der);
#endif
    }

    private static X509Certificate2 LoadPkcs12(byte[] pkcs12)
    {
#if NET9_0_OR_GREATER
        return X509CertificateLoader.LoadPkcs12(pkcs12, null);
#else
        return new X509Certificate2(pkcs12, (string?)null);
#endif
    }

    /// <inheritdoc />
    public override string ToString() =>
        "TLS (client certificate: " + (ClientCertificateSource?.Description ?? (_clientCertificate is null ? "none" : "PKCS#12")) + ", authorities: " + (AuthoritiesSource?.Description ?? "system")
        + (InsecureSkipVerify ? ", verification DISABLED" : string.Empty) + (ServerName is null ? string.Empty : ", server name " + ServerName) + ")";
}
