using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;

namespace SliceClientGen.Runtime.Auth;

/// <summary>A PKCS#12 bundle, in memory or in a file.</summary>
internal sealed class Pkcs12ClientCertificateInput : ClientCertificateInput
{
    private readonly byte[]? _bytes;
    private readonly string? _path;
    private readonly string? _password;

    public Pkcs12ClientCertificateInput(byte[]? bytes, string? path, string? password)
    {
        _bytes = bytes;
        _path = path;
        _password = password;
    }

    public override string Description => _path is null ? "PKCS#12 (in memory)" : "PKCS#12 file '" + _path + "'";

    public override bool HasFiles => _path is not null;

    public override byte[] Stamp() => _path is null ? Array.Empty<byte>() : FileStamp.Of(_path);

    public override X509Certificate2 Load()
    {
        byte[] bytes;
        if (_bytes is not null)
        {
            bytes = _bytes;
        }
        else
        {
            try
            {
                bytes = File.ReadAllBytes(_path!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ClusterCredentialException("The " + Description + " cannot be read: " + e.Message, e);
            }
        }

        return CertificateLoader.FromPkcs12(bytes, _password, Description);
    }
}
