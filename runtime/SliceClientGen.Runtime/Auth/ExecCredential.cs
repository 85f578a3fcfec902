using System;
using System.Security.Cryptography.X509Certificates;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// What an exec credential plugin printed, checked: a bearer token, a client certificate with its key (loaded
/// once, for mutual TLS), or both; and when it expires. <see cref="ToString"/> never shows the content.
/// </summary>
internal sealed class ExecCredential
{
    public ExecCredential(string? token, X509Certificate2? certificate, DateTimeOffset? expires)
    {
        if (token is null && certificate is null)
        {
            throw new ArgumentException("An exec credential holds a token, a client certificate or both.");
        }

        Token = token;
        Certificate = certificate;
        Expires = expires;
    }

    /// <summary><c>status.token</c>, or null when the plugin printed only a client certificate.</summary>
    public string? Token { get; }

    /// <summary><c>status.clientCertificateData</c> with <c>status.clientKeyData</c>, or null.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary><c>status.expirationTimestamp</c>; null: valid until the server refuses it.</summary>
    public DateTimeOffset? Expires { get; }

    public override string ToString() =>
        "ExecCredential (" + (Token is null ? "no token" : "token redacted") + ", " + (Certificate is null ? "no client certificate" : "client certificate " + Certificate.Subject) + ")";
}
