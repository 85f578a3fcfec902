using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SliceClientGen.Testing.Security;

/// <summary>
/// The server's own small PKI: a CA made at start-up, a serving certificate for 127.0.0.1, ::1 and localhost, and client
/// certificates on request. Keys are ECDSA P-256 and live only in memory.
/// </summary>
internal sealed class ServerCertificates : IDisposable
{
    private readonly X509Certificate2 _authority;

    public ServerCertificates(TimeProvider time)
    {
        DateTimeOffset now = time.GetUtcNow();
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=sliceclientgen-embedded-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // The CA outlives every certificate it issues (a leaf may not end after its issuer: issued later, it would).
        _authority = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(365));
        Authority = LoadCertificate(_authority.RawData);
        ServerCertificate = Issue("CN=sliceclientgen-embedded-apiserver", server: true, now);
    }

    /// <summary>The CA certificate (public part).</summary>
    public X509Certificate2 Authority { get; }

    public X509Certificate2 ServerCertificate { get; }

    /// <summary>A client certificate for <paramref name="userName"/> (CN) in the <c>system:masters</c> group (O).</summary>
    public X509Certificate2 IssueClient(string userName, TimeProvider time) =>
        Issue("CN=" + userName.Replace(",", "\\,", StringComparison.Ordinal) + ", O=system:masters", server: false, time.GetUtcNow());

    /// <summary>Whether <paramref name="certificate"/> chains to this server's CA and may authenticate a client.</summary>
    public bool IsValidClient(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        _authority.Dispose();
        Authority.Dispose();
        ServerCertificate.Dispose();
    }

    private X509Certificate2 Issue(string subject, bool server, DateTimeOffset now)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            new OidCollection { new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2") }, false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddIpAddress(IPAddress.IPv6Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using X509Certificate2 issued = request.Create(_authority, now.AddMinutes(-5), now.AddDays(30), serial);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);

        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return LoadPkcs12(withKey.Export(X509ContentType.Pkcs12));
    }

#pragma warning disable SYSLIB0057 // X509CertificateLoader is .NET 9+; the constructors are what .NET 8 has.
    private static X509Certificate2 LoadCertificate(byte[] der) =>
#if NET9_0_OR_GREATER
        X509CertificateLoader.LoadCertificate(der);
#else
        new(der);
#endif

    private static X509Certificate2 LoadPkcs12(byte[] pkcs12) =>
#if NET9_0_OR_GREATER
        X509CertificateLoader.LoadPkcs12(pkcs12, null);
#else
        new(pkcs12, (string?)null, X509KeyStorageFlags.Exportable);
#endif
#pragma warning restore SYSLIB0057
}
