namespace SliceClientGen.Runtime.Auth;

/// <summary>The cluster fields of KUBERNETES_EXEC_INFO (<c>spec.cluster</c>) for plugins that ask for them.</summary>
internal sealed class ExecClusterInfo
{
    public required string Server { get; init; }

    public string? TlsServerName { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>The CA bundle PEM, sent base64-encoded as <c>certificate-authority-data</c>.</summary>
    public byte[]? CertificateAuthorityData { get; init; }
}
