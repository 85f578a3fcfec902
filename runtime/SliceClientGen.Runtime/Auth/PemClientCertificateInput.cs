using System;
using System.Security.Cryptography.X509Certificates;

namespace SliceClientGen.Runtime.Auth;

/// <summary>A PEM certificate and a PEM key (kubeconfig <c>client-certificate(-data)</c> and <c>client-key(-data)</c>).</summary>
internal sealed class PemClientCertificateInput : ClientCertificateInput
{
    public PemClientCertificateInput(PemSource certificate, PemSource key)
    {
        Certificate = certificate;
        Key = key;
    }

    public PemSource Certificate { get; }

    public PemSource Key { get; }

    public override string Description => Certificate.Description + " with key " + Key.Description;

    public override bool HasFiles => Certificate.Path is not null || Key.Path is not null;

    public override byte[] Stamp() => Concat(Certificate.Stamp(), Key.Stamp());

    public override X509Certificate2 Load() => CertificateLoader.FromPem(Certificate.Read(), Key.Read(), Certificate.Description, Key.Description);

    private static byte[] Concat(byte[]? a, byte[]? b)
    {
        a ??= Array.Empty<byte>();
        b ??= Array.Empty<byte>();
        byte[] both = new byte[a.Length + b.Length];
        a.CopyTo(both, 0);
        b.CopyTo(both, a.Length);
        return both;
    }
}
