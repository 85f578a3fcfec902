using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SliceClientGen.TestSupport;

/// <summary>How a private key is written as PEM.</summary>
public enum KeyFormat
{
    /// <summary><c>RSA PRIVATE KEY</c> (RSA keys only).</summary>
    Pkcs1,

    /// <summary><c>EC PRIVATE KEY</c> (EC keys only).</summary>
    Sec1,

    /// <summary><c>PRIVATE KEY</c> (either).</summary>
    Pkcs8,
}

/// <summary>
/// The certificates of the TLS tests, made once per test run with <see cref="CertificateRequest"/>: a cluster CA with
/// a server certificate for 127.0.0.1/::1/localhost and client certificates (RSA, a renewed RSA one, EC), a foreign
/// CA with its own client and server certificates, and certificates of the cluster CA for other host names. None of
/// them is in the machine's trust store.
/// </summary>
public sealed class TestCertificates
{
    /// <summary>The only host name <see cref="ServerForOtherHost"/> is valid for.</summary>
    public const string OtherHostName = "api.other.example";

    /// <summary>The host name of the API server inside a cluster, which <see cref="ServerForServiceName"/> carries.</summary>
    public const string ServiceHostName = "kubernetes.default.svc";

    private static readonly Lazy<TestCertificates> s_shared = new(() => new TestCertificates(), LazyThreadSafetyMode.ExecutionAndPublication);

    private TestCertificates()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Ca = TestCertificate.CreateAuthority("SliceClientGen Test Cluster CA", now);
        OtherCa = TestCertificate.CreateAuthority("Somebody Else's CA", now);
        Server = Ca.Issue("CN=kube-apiserver", RSA.Create(2048), server: true, now, "localhost", IPAddress.Loopback, IPAddress.IPv6Loopback);
        ServerFromOtherCa = OtherCa.Issue("CN=impostor-apiserver", RSA.Create(2048), server: true, now, "localhost", IPAddress.Loopback, IPAddress.IPv6Loopback);
        ServerForOtherHost = Ca.Issue("CN=other-apiserver", ECDsa.Create(ECCurve.NamedCurves.nistP256), server: true, now, OtherHostName);
        ServerForServiceName = Ca.Issue("CN=" + ServiceHostName, RSA.Create(2048), server: true, now, ServiceHostName);
        ClientRsa = Ca.Issue("CN=client-rsa, O=system:masters", RSA.Create(2048), server: false, now);
        ClientRsaRenewed = Ca.Issue("CN=client-rsa-renewed, O=system:masters", RSA.Create(2048), server: false, now);
        ClientEc = Ca.Issue("CN=client-ec, O=system:masters", ECDsa.Create(ECCurve.NamedCurves.nistP256), server: false, now);
        ClientFromOtherCa = OtherCa.Issue("CN=client-foreign", RSA.Create(2048), server: false, now);
    }

    /// <summary>The certificates, made on first use and shared by every test.</summary>
    public static TestCertificates Shared => s_shared.Value;

    /// <summary>The cluster CA: the kubeconfig's certificate-authority and the server's client-certificate CA.</summary>
    public TestCertificate Ca { get; }

    /// <summary>A CA nobody configured.</summary>
    public TestCertificate OtherCa { get; }

    /// <summary>The API server: 127.0.0.1, ::1 and localhost, serverAuth, issued by <see cref="Ca"/>.</summary>
    public TestCertificate Server { get; }

    /// <summary>A server certificate for 127.0.0.1 issued by <see cref="OtherCa"/>.</summary>
    public TestCertificate ServerFromOtherCa { get; }

    /// <summary>A server certificate of <see cref="Ca"/> valid only for <see cref="OtherHostName"/>.</summary>
    public TestCertificate ServerForOtherHost { get; }

    /// <summary>A server certificate of <see cref="Ca"/> valid only for <see cref="ServiceHostName"/>.</summary>
    public TestCertificate ServerForServiceName { get; }

    /// <summary>A client certificate with an RSA key, issued by <see cref="Ca"/> (CN client-rsa).</summary>
    public TestCertificate ClientRsa { get; }

    /// <summary>Another client certificate with an RSA key, issued by <see cref="Ca"/> (CN client-rsa-renewed): a rotation's new certificate.</summary>
    public TestCertificate ClientRsaRenewed { get; }

    /// <summary>A client certificate with an EC (P-256) key, issued by <see cref="Ca"/> (CN client-ec).</summary>
    public TestCertificate ClientEc { get; }

    /// <summary>A client certificate issued by <see cref="OtherCa"/>.</summary>
    public TestCertificate ClientFromOtherCa { get; }
}

/// <summary>One certificate with its private key, and its PEM and base64 forms.</summary>
public sealed class TestCertificate
{
    private static readonly Oid s_serverAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid s_clientAuth = new("1.3.6.1.5.5.7.3.2");

    private TestCertificate(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        Certificate = certificate;
        Key = key;
    }

    /// <summary>The certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The private key.</summary>
    public AsymmetricAlgorithm Key { get; }

    /// <summary>The subject, such as <c>CN=client-rsa, O=system:masters</c>.</summary>
    public string Subject => Certificate.Subject;

    /// <summary>The common name, such as <c>client-rsa</c>.</summary>
    public string CommonName => Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);

    /// <summary>The certificate as PEM (<c>CERTIFICATE</c>).</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>The certificate PEM as kubeconfig <c>*-data</c> holds it (base64 of the PEM text).</summary>
    public string CertificateBase64 => Base64(CertificatePem);

    /// <summary>The key PEM (usual format) as kubeconfig <c>client-key-data</c> holds it.</summary>
    public string KeyBase64 => Base64(KeyPem());

    /// <summary>The first base64 line of the key PEM: key material that must never show up in a message.</summary>
    public string KeyMaterial => KeyPem().Split('\n')[1].Trim();

    /// <summary>The key as PEM in <paramref name="format"/>.</summary>
    public string KeyPem(KeyFormat format) => (format, Key) switch
    {
        (KeyFormat.Pkcs1, RSA rsa) => rsa.ExportRSAPrivateKeyPem(),
        (KeyFormat.Sec1, ECDsa ec) => ec.ExportECPrivateKeyPem(),
        (KeyFormat.Pkcs8, _) => Key.ExportPkcs8PrivateKeyPem(),
        _ => throw new ArgumentException(format + " does not fit a " + Key.GetType().Name + " key.", nameof(format)),
    };

    /// <summary>The key in the format a kubeconfig usually holds: PKCS#1 for RSA, SEC1 for EC.</summary>
    public string KeyPem() => KeyPem(Key is RSA ? KeyFormat.Pkcs1 : KeyFormat.Sec1);

    /// <summary>The certificate for Kestrel: re-imported from PKCS#12 so every platform's TLS stack can use its key.</summary>
    public X509Certificate2 ForServer() => X509CertificateLoader.LoadPkcs12(Certificate.Export(X509ContentType.Pkcs12), null);

    /// <summary>Base64 of UTF-8 text, as kubeconfig <c>*-data</c> fields hold PEM.</summary>
    public static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    internal static TestCertificate CreateAuthority(string name, DateTimeOffset now)
    {
        RSA key = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return new TestCertificate(request.CreateSelfSigned(now.AddDays(-2), now.AddYears(2)), key);
    }

    internal TestCertificate Issue(string subject, AsymmetricAlgorithm key, bool server, DateTimeOffset now, params object[] names)
    {
        CertificateRequest request = key switch
        {
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
            _ => throw new ArgumentException("RSA or EC keys only.", nameof(key)),
        };
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | (key is RSA ? X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.KeyAgreement), true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { server ? s_serverAuth : s_clientAuth }, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (names.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (object name in names)
            {
                if (name is IPAddress address)
                {
                    san.AddIpAddress(address);
                }
                else
                {
                    san.AddDnsName((string)name);
                }
            }

            request.CertificateExtensions.Add(san.Build());
        }

        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        // The CA's RSA key signs whatever the leaf's key is (RSA or EC).
        X509SignatureGenerator signer = X509SignatureGenerator.CreateForRSA((RSA)Key, RSASignaturePadding.Pkcs1);
        using X509Certificate2 issued = request.Create(Certificate.SubjectName, signer, now.AddDays(-1), now.AddYears(1), serial);
        X509Certificate2 withKey = key switch
        {
            RSA rsa => issued.CopyWithPrivateKey(rsa),
            _ => issued.CopyWithPrivateKey((ECDsa)key),
        };
        return new TestCertificate(withKey, key);
    }
}
