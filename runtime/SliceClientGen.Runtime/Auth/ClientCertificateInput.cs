using System.IO;
using System.Security.Cryptography.X509Certificates;

namespace SliceClientGen.Runtime.Auth;

/// <summary>Where the client certificate and key come from: a PEM pair or PKCS#12, inline or in files that are watched.</summary>
internal abstract class ClientCertificateInput
{
    /// <summary>For messages and ToString: where, never what.</summary>
    public abstract string Description { get; }

    /// <summary>True when some part lives in a file (and can change).</summary>
    public abstract bool HasFiles { get; }

    /// <summary>The content hashes of the files (empty without files).</summary>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public abstract byte[] Stamp();

    /// <exception cref="ClusterCredentialException">The material cannot be read or used.</exception>
    public abstract X509Certificate2 Load();

    public sealed override string ToString() => Description;
}
