using System;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// Verifies the API server as client-go does: with a CA bundle, the chain must end at one of its certificates
/// (CustomRootTrust: the OS trust store plays no part) and the certificate must be valid for TLS servers; the
/// name must match the URL's host, or <c>tls-server-name</c> when set. Without a bundle, the OS decides.
/// </summary>
internal sealed class ServerCertificateValidator
{
    private static readonly Oid s_serverAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    private readonly TlsMaterial _material;
    private readonly Func<X509Certificate2Collection?> _authorities;
    private readonly ILogger? _logger;

    /// <summary>A validator of <paramref name="material"/> that asks <paramref name="authorities"/> for the CA bundle at each handshake.</summary>
    public ServerCertificateValidator(TlsMaterial material, Func<X509Certificate2Collection?> authorities, ILogger? logger)
    {
        _material = material;
        _authorities = authorities;
        _logger = logger;
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_material.InsecureSkipVerify)
        {
            return true;
        }

        string host = (sender as SslStream)?.TargetHostName is { Length: > 0 } target ? target : "the server";
        string? reason = Check(certificate, chain, errors);
        _material.LastRejection = reason;
        if (reason is null)
        {
            return true;
        }

        if (_logger is not null)
        {
            TlsLog.ServerRejected(_logger, host, reason);
        }

        return false;
    }

    /// <summary>Null when the certificate is acceptable, otherwise why not (subjects and status names only).</summary>
    private string? Check(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return "the server sent no certificate.";
        }

        X509Certificate2 server = certificate as X509Certificate2 ?? CertificateLoader.FromDer(certificate.GetRawCertData());
        try
        {
            if (_material.ServerName is { } serverName)
            {
                if (!server.MatchesHostname(serverName, allowWildcards: true, allowCommonName: false))
                {
                    return "the certificate (" + server.Subject + ") is not valid for the server name '" + serverName + "' (tls-server-name).";
                }
            }
            else if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return "the certificate (" + server.Subject + ") is not valid for the host name of the URL.";
            }

            X509Certificate2Collection? authorities = _authorities();
            if (authorities is not { Count: > 0 })
            {
                return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0
                    ? null
                    : "the certificate (" + server.Subject + ") is not trusted by this machine, and no certificate authority is configured for the cluster.";
            }

            return CheckChain(server, chain, authorities);
        }
        finally
        {
            if (!ReferenceEquals(server, certificate))
            {
                server.Dispose();
            }
        }
    }

    private string? CheckChain(X509Certificate2 server, X509Chain? presented, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(s_serverAuthentication);
        if (presented is not null)
        {
            // Intermediates the server sent. Only CustomTrustStore is trusted, whatever else is in ExtraStore.
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            for (int i = 1; i < presented.ChainElements.Count; i++)
            {
                chain.ChainPolicy.ExtraStore.Add(presented.ChainElements[i].Certificate);
            }
        }

        if (chain.Build(server))
        {
            return null;
        }

        string statuses = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        return "the certificate (" + server.Subject + ", issued by " + server.Issuer + ") does not chain to the cluster's certificate authority ("
            + (_material.AuthoritiesSource?.Description ?? "given certificates") + "): " + statuses + ".";
    }
}
