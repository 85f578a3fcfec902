using System;
using Microsoft.Extensions.Logging;

namespace SliceClientGen.Runtime.Auth;

/// <summary>What TLS handling logs. Never certificate or key content: subjects, hosts, files and reasons.</summary>
internal static class TlsLog
{
    private static readonly Action<ILogger, string, Exception?> s_verificationDisabled = LoggerMessage.Define<string>(
        LogLevel.Warning,
        new EventId(1, "TlsVerificationDisabled"),
        "TLS verification of the API server is disabled ({Origin}): the connection can be intercepted and credentials read.");

    private static readonly Action<ILogger, string, string, Exception?> s_serverRejected = LoggerMessage.Define<string, string>(
        LogLevel.Warning,
        new EventId(2, "ServerCertificateRejected"),
        "Rejected the API server certificate of {Host}: {Reason}");

    private static readonly Action<ILogger, string, Exception?> s_reloaded = LoggerMessage.Define<string>(
        LogLevel.Information,
        new EventId(3, "TlsMaterialReloaded"),
        "Reloaded TLS material that changed on disk: {Material}");

    private static readonly Action<ILogger, string, string, Exception?> s_reloadFailed = LoggerMessage.Define<string, string>(
        LogLevel.Warning,
        new EventId(4, "TlsMaterialReloadFailed"),
        "Keeping the current TLS material: the changed {Material} cannot be used yet: {Reason}");

    private static readonly Action<ILogger, string, string, string, string, Exception?> s_clientCertificateRenewed = LoggerMessage.Define<string, string, string, string>(
        LogLevel.Information,
        new EventId(5, "ClientCertificateRenewed"),
        "The TLS handshake with {Server} failed with the client certificate {Refused}; ran the {Plugin} again, which printed {Renewed}");

    public static void VerificationDisabled(ILogger logger, string origin) => s_verificationDisabled(logger, origin, null);

    public static void ServerRejected(ILogger logger, string host, string reason) => s_serverRejected(logger, host, reason, null);

    public static void Reloaded(ILogger logger, string material) => s_reloaded(logger, material, null);

    public static void ClientCertificateRenewed(ILogger logger, string server, string refused, string plugin, string renewed) => s_clientCertificateRenewed(logger, server, refused, plugin, renewed, null);

    public static void ReloadFailed(ILogger logger, string material, string reason) => s_reloadFailed(logger, material, reason, null);
}
