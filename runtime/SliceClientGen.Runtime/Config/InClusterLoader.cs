using System;
using System.Globalization;
using System.IO;
using SliceClientGen.Runtime.Auth;

namespace SliceClientGen.Runtime.Config;

/// <summary>
/// The configuration of a pod, as client-go's InClusterConfig: https://KUBERNETES_SERVICE_HOST:KUBERNETES_SERVICE_PORT
/// (an IPv6 host in brackets), the service account token (re-read as the kubelet rotates it), its CA bundle
/// (re-read when it changes; without it the OS trust store decides, as client-go) and the namespace
/// (POD_NAMESPACE, else the namespace file, else <c>default</c>).
/// </summary>
internal static class InClusterLoader
{
    public static bool IsAvailable(ClusterEnvironment environment) =>
        !string.IsNullOrEmpty(environment.GetVariable("KUBERNETES_SERVICE_HOST"))
        && !string.IsNullOrEmpty(environment.GetVariable("KUBERNETES_SERVICE_PORT"))
        && File.Exists(Path.Combine(environment.ServiceAccountDirectory, "token"));

    public static ClusterConfiguration Load(ClusterEnvironment environment)
    {
        string? host = environment.GetVariable("KUBERNETES_SERVICE_HOST")?.Trim();
        string? port = environment.GetVariable("KUBERNETES_SERVICE_PORT")?.Trim();
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("Not running in a Kubernetes pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set.");
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int portNumber) || portNumber is < 1 or > 65535)
        {
            throw new InvalidOperationException("KUBERNETES_SERVICE_PORT is not a port number: '" + port + "'.");
        }

        string tokenFile = Path.Combine(environment.ServiceAccountDirectory, "token");
        if (!File.Exists(tokenFile))
        {
            throw new InvalidOperationException("Not running in a Kubernetes pod with a service account: the token '" + tokenFile + "' does not exist (is automountServiceAccountToken off?).");
        }

        string hostPart = host!.Contains(':') && !host.StartsWith("[", StringComparison.Ordinal) ? "[" + host + "]" : host;
        if (!Uri.TryCreate("https://" + hostPart + ":" + portNumber.ToString(CultureInfo.InvariantCulture), UriKind.Absolute, out Uri? server))
        {
            throw new InvalidOperationException("KUBERNETES_SERVICE_HOST is not a host name or address: '" + host + "'.");
        }

        string caFile = Path.Combine(environment.ServiceAccountDirectory, "ca.crt");
        TlsMaterial tls;
        try
        {
            tls = new TlsMaterial(
                certificateAuthorities: File.Exists(caFile) ? PemSource.FromFile(caFile) : null,
                reloadInterval: environment.CertificateReloadInterval,
                timeProvider: environment.TimeProvider);
        }
        catch (ClusterCredentialException e)
        {
            throw new ClusterCredentialException("The in-cluster certificate authority '" + caFile + "' cannot be used: " + e.Message, e);
        }

        return new ClusterConfiguration(server, BearerTokenSource.FromFile(tokenFile, environment.TokenFileReloadInterval, environment.TimeProvider), tls, Namespace(environment))
        {
            Environment = environment,
            Origin = "in-cluster (service account '" + environment.ServiceAccountDirectory + "')",
        };
    }

    private static string? Namespace(ClusterEnvironment environment)
    {
        if (environment.GetVariable("POD_NAMESPACE") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment.Trim();
        }

        string file = Path.Combine(environment.ServiceAccountDirectory, "namespace");
        try
        {
            return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
