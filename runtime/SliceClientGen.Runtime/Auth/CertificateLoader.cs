using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SliceClientGen.Runtime.Auth;

/// <summary>Loads client certificates and CA bundles. Messages name where the material came from, never its content.</summary>
internal static class CertificateLoader
{
    /// <summary>A certificate and its RSA or EC key from PEM (PKCS#1 <c>RSA PRIVATE KEY</c>, SEC1 <c>EC PRIVATE KEY</c> or PKCS#8 <c>PRIVATE KEY</c>).</summary>
    public static X509Certificate2 FromPem(string certificatePem, string keyPem, string certificateDescription, string keyDescription)
    {
        X509Certificate2 loaded;
        try
        {
            loaded = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (CryptographicException e)
        {
            throw new ClusterCredentialException(
                "The client certificate (" + certificateDescription + ") and key (" + keyDescription + ") cannot be used: " + e.Message
                + " Expected a PEM 'CERTIFICATE' block and an unencrypted 'RSA PRIVATE KEY', 'EC PRIVATE KEY' or 'PRIVATE KEY' block that belong together.", e);
        }
        catch (ArgumentException e)
        {
            throw new ClusterCredentialException(
                "The client certificate (" + certificateDescription + ") or key (" + keyDescription + ") holds no usable PEM block: " + e.Message, e);
        }

        return ForTls(loaded);
    }

    /// <summary>A certificate with its key from PKCS#12 (.pfx, .p12).</summary>
    public static X509Certificate2 FromPkcs12(byte[] pkcs12, string? password, string description)
    {
        try
        {
#if NET9_0_OR_GREATER
            return X509CertificateLoader.LoadPkcs12(pkcs12, password);
#else
            return new X509Certificate2(pkcs12, password);
#endif
        }
        catch (CryptographicException e)
        {
            throw new ClusterCredentialException("The PKCS#12 client certificate (" + description + ") cannot be read (not PKCS#12, or a wrong password): " + e.Message, e);
        }
    }

    /// <summary>Every certificate in a PEM bundle (at least one).</summary>
    public static X509Certificate2Collection Authorities(string pem, string description)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new ClusterCredentialException("The certificate authorities (" + description + ") cannot be read: " + e.Message, e);
        }

        return collection.Count == 0
            ? throw new ClusterCredentialException("The certificate authorities (" + description + ") hold no PEM 'CERTIFICATE' block.")
            : collection;
    }

    /// <summary>A certificate from DER bytes.</summary>
    public static X509Certificate2 FromDer(byte[] der)
    {
#if NET9_0_OR_GREATER
        return X509CertificateLoader.LoadCertificate(der);
#else
        return new X509Certificate2(der);
#endif
    }

    /// <summary>
    /// On Linux, OpenSSL uses the in-memory key of a PEM-loaded certificate directly (the tests prove it).
    /// Windows' SChannel needs a key it can find by name: there the certificate goes through PKCS#12 once.
    /// </summary>
    private static X509Certificate2 ForTls(X509Certificate2 loaded)
    {
        if (!OperatingSystem.IsWindows())
        {
            return loaded;
        }

        using (loaded)
        {
            return FromPkcs12(loaded.Export(X509ContentType.Pkcs12), null, "re-import");
        }
    }
}
