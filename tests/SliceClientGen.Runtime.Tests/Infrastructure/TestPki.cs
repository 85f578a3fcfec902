using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SliceClientGen.Runtime.Tests.Infrastructure;

/// <summary>A certificate with its private key, and both as PEM (the key in the format a kubeconfig would hold).</summary>
public sealed record IssuedCertificate(X509Certificate2 Certificate, string CertificatePem, string KeyPem)
{
    public string CertificateBase64 => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(CertificatePem));

    public string KeyBase64 => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(KeyPem));

    /// <summary>The base64 body of the key PEM: what must never show up in a message.</summary>
    public string KeyMaterial => KeyPem.Split('\n')[1].Trim();
}

/// <summary>
/// Certificates made once per test run with CertificateRequest: the cluster CA and a second (foreign) CA, server
/// certificates for 127.0.0.1/localhost, for another name and from the foreign CA, and client certificates (RSA
/// PKCS#1, EC SEC1, and one from the foreign CA). None of them is in the OS trust store.
/// </summary>
public sealed class TestPki
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private static readonly Lazy<TestPki> s_shared = new(() => new TestPki());

    private TestPki()
    {
        ClusterCa = CreateCa("CN=Test Cluster CA");
        OtherCa = CreateCa("CN=Some Other CA");
        Server = Issue(ClusterCa, "CN=127.0.0.1", ServerAuthentication, ["localhost"], [IPAddress.Loopback], ec: false);
        ServerFromOtherCa = Issue(OtherCa, "CN=127.0.0.1", ServerAuthentication, ["localhost"], [IPAddress.Loopback], ec: false);
        ServerWithOtherName = Issue(ClusterCa, "CN=other.example", ServerAuthentication, ["other.example"], [], ec: false);
        ServerForServiceName = Issue(ClusterCa, "CN=kubernetes.default.svc", ServerAuthentication, ["kubernetes.default.svc"], [], ec: false);
        ClientRsa = Issue(ClusterCa, "CN=client-rsa,O=system:masters", ClientAuthentication, [], [], ec: false);
        ClientRsaRenewed = Issue(ClusterCa, "CN=client-rsa-renewed,O=system:masters", ClientAuthentication, [], [], ec: false);
        ClientEc = Issue(ClusterCa, "CN=client-ec", ClientAuthentication, [], [], ec: true);
        ClientFromOtherCa = Issue(OtherCa, "CN=client-foreign", ClientAuthentication, [], [], ec: false);
    }

    public static TestPki Shared => s_shared.Value;

    public IssuedCertificate ClusterCa { get; }

    public IssuedCertificate OtherCa { get; }

    public IssuedCertificate Server { get; }

    public IssuedCertificate ServerFromOtherCa { get; }

    public IssuedCertificate ServerWithOtherName { get; }

    public IssuedCertificate ServerForServiceName { get; }

    public IssuedCertificate ClientRsa { get; }

    public IssuedCertificate ClientRsaRenewed { get; }

    public IssuedCertificate ClientEc { get; }

    public IssuedCertificate ClientFromOtherCa { get; }

    private static IssuedCertificate CreateCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return new IssuedCertificate(certificate, certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static IssuedCertificate Issue(IssuedCertificate issuer, string subject, string usage, string[] dnsNames, IPAddress[] addresses, bool ec)
    {
        using RSA? rsa = ec ? null : RSA.Create(2048);
        using ECDsa? ecKey = ec ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
        CertificateRequest request = rsa is not null
            ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, ecKey!, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer.Certificate, true, false));
        if (dnsNames.Length + addresses.Length > 0)
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (string dns in dnsNames)
            {
                names.AddDnsName(dns);
            }

            foreach (IPAddress address in addresses)
            {
                names.AddIpAddress(address);
            }

            request.CertificateExtensions.Add(names.Build());
        }

        byte[] serial = RandomNumberGenerator.GetBytes(12);
        using ECDsa issuerKey = issuer.Certificate.GetECDsaPrivateKey()!;
        using X509Certificate2 signed = request.Create(issuer.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        X509Certificate2 withKey = rsa is not null ? signed.CopyWithPrivateKey(rsa) : signed.CopyWithPrivateKey(ecKey!);
        string keyPem = rsa is not null ? rsa.ExportRSAPrivateKeyPem() : ecKey!.ExportECPrivateKeyPem();
        return new IssuedCertificate(withKey, withKey.ExportCertificatePem(), keyPem);
    }
}
