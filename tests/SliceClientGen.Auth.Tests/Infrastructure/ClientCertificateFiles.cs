using SliceClientGen.Runtime.Auth;

namespace SliceClientGen.Auth.Tests.Infrastructure;

/// <summary>Client certificate and key files as a rotation test writes them, and the TLS material that reads them.</summary>
internal static class ClientCertificateFiles
{
    /// <summary>How often the material looks at its files again.</summary>
    public static readonly TimeSpan ReloadInterval = TimeSpan.FromMinutes(5);

    private static TestCertificates Certs => TestCertificates.Shared;

    /// <summary>Files with the RSA client certificate, trusting the test CA, checked every <see cref="ReloadInterval"/> on <paramref name="clock"/>.</summary>
    public static (TlsMaterial Tls, string Certificate, string Key) Write(TempDirectory dir, TimeProvider clock)
    {
        string certificate = dir.Write("client.crt", Certs.ClientRsa.CertificatePem);
        string key = dir.Write("client.key", Certs.ClientRsa.KeyPem());
        return (new TlsMaterial(PemSource.FromFile(certificate), PemSource.FromFile(key), PemSource.FromText(Certs.Ca.CertificatePem), reloadInterval: ReloadInterval, timeProvider: clock), certificate, key);
    }

    /// <summary>Replaces both files with the renewed RSA client certificate (<c>client-rsa-renewed</c>).</summary>
    public static void Rotate(string certificate, string key)
    {
        File.WriteAllText(certificate, Certs.ClientRsaRenewed.CertificatePem);
        File.WriteAllText(key, Certs.ClientRsaRenewed.KeyPem());
    }
}
