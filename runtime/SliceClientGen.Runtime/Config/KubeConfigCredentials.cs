using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using SliceClientGen.Runtime.Auth;
using YamlDotNet.RepresentationModel;

namespace SliceClientGen.Runtime.Config;

/// <summary>
/// A kubeconfig user's credentials: <c>tokenFile</c> (re-read as it rotates; like client-go it wins over
/// <c>token</c>, which only seeds it), <c>token</c>, else <c>exec</c>; and <c>client-certificate(-data)</c>
/// with <c>client-key(-data)</c> (inline data wins over files, as in client-go), else the client certificate the
/// <c>exec</c> plugin prints, if it prints one (the same runs serve the token).
/// </summary>
internal static class KubeConfigCredentials
{
    public static PemSource? Pem(KubeConfigEntry entry, string fileKey, string dataKey, string kind)
    {
        if (entry.String(dataKey) is { } data)
        {
            try
            {
                return PemSource.FromBase64(data, entry.KeyOf(dataKey) + " in '" + entry.File + "'");
            }
            catch (FormatException e)
            {
                throw entry.Fail(entry.KeyOf(dataKey) + " of " + kind + " '" + entry.Name + "' is not valid base64", dataKey, e);
            }
        }

        return entry.PathValue(fileKey) is { } file ? PemSource.FromFile(file) : null;
    }

    public static TlsMaterial Tls(KubeConfigEntry cluster, KubeConfigEntry? user, PemSource? authorities, string? serverName, bool insecure, ClusterEnvironment environment, ExecCredentialTokenSource? exec)
    {
        PemSource? certificate = user is null ? null : Pem(user, "client-certificate", "client-certificate-data", "user");
        PemSource? key = user is null ? null : Pem(user, "client-key", "client-key-data", "user");
        if ((certificate is null) != (key is null))
        {
            throw user!.Fail(
                user.KeyOf(certificate is null ? "client-key" : "client-certificate") + " is set without " + user.KeyOf(certificate is null ? "client-certificate" : "client-key") + "; both are needed",
                certificate is null ? "client-key" : "client-certificate");
        }

        try
        {
            return certificate is null && exec is not null
                ? TlsMaterial.FromKubeConfigExec(exec, authorities, serverName, insecure, environment.CertificateReloadInterval, environment.TimeProvider)
                : new TlsMaterial(certificate, key, authorities, serverName, insecure, environment.CertificateReloadInterval, environment.TimeProvider);
        }
        catch (ClusterCredentialException e)
        {
            // The message names the file or key at fault; the entry says where it was configured.
            bool authoritiesAtFault = authorities is not null && e.Message.Contains(authorities.Description, StringComparison.Ordinal);
            KubeConfigEntry at = user is not null && certificate is not null && !authoritiesAtFault ? user : cluster;
            throw at.Fail("The TLS settings cannot be used: " + e.Message.TrimEnd('.'), null, e);
        }
    }

    public static BearerTokenSource? Token(KubeConfigEntry user, ExecCredentialTokenSource? exec, ClusterEnvironment environment)
    {
        if (user.PathValue("tokenFile") is { } tokenFile)
        {
            return BearerTokenSource.FromFile(tokenFile, environment.TokenFileReloadInterval, environment.TimeProvider);
        }

        if (user.String("token") is { } token)
        {
            // Says what is wrong with the token, never the token.
            return BearerTokenText.Problem(token) is { } problem
                ? throw user.Fail(user.KeyOf("token") + " " + problem, "token")
                : BearerTokenSource.FromToken(token);
        }

        return exec;
    }

    /// <summary>Users whose only credentials are kinds this library does not speak fail clearly instead of sending nothing.</summary>
    public static void RejectUnsupported(KubeConfigEntry user)
    {
        if (user.Mapping("auth-provider") is { } provider)
        {
            throw user.Fail(
                user.KeyOf("auth-provider") + " ('" + (provider.String("name") ?? "unnamed") + "') is not supported; kubectl dropped its built-in providers too: use an exec plugin (such as kubelogin or gke-gcloud-auth-plugin)",
                "auth-provider");
        }

        if (user.String("username") is not null || user.String("password") is not null)
        {
            throw user.Fail(user.KeyOf("username") + "/password (basic authentication) is not supported; use a token, a client certificate or an exec plugin", "username");
        }
    }

    /// <summary>The user's <c>exec</c> plugin, or null; it serves the token and, without a client certificate in the kubeconfig, the certificate.</summary>
    public static ExecCredentialTokenSource? Exec(KubeConfigEntry user, KubeConfigEntry cluster, Uri server, PemSource? authorities, string? serverName, bool insecure, ClusterEnvironment environment) =>
        user.Mapping("exec") is { } exec ? Exec(user, exec, cluster, server, authorities, serverName, insecure, environment) : null;

    private static ExecCredentialTokenSource Exec(KubeConfigEntry user, KubeConfigEntry exec, KubeConfigEntry cluster, Uri server, PemSource? authorities, string? serverName, bool insecure, ClusterEnvironment environment)
    {
        string command = exec.String("command") ?? throw exec.Fail(exec.KeyOf("command") + " is missing", "command");
        var arguments = new List<string>();
        if (exec.Sequence("args") is { } args)
        {
            foreach (YamlNode argument in args)
            {
                arguments.Add(argument is YamlScalarNode scalar ? scalar.Value ?? string.Empty : throw exec.Fail(exec.KeyOf("args") + " must be a list of strings", "args"));
            }
        }

        var variables = new List<KeyValuePair<string, string>>();
        if (exec.Sequence("env") is { } env)
        {
            foreach (YamlNode item in env)
            {
                if (item is not YamlMappingNode mapping)
                {
                    throw exec.Fail(exec.KeyOf("env") + " must be a list of {name, value}", "env");
                }

                var variable = new KubeConfigEntry(user.Name, mapping, user.File, exec.KeyOf("env")) { Context = user.Context };
                string name = variable.String("name") ?? throw exec.Fail(exec.KeyOf("env") + " has an entry without a name", "env");
                variables.Add(new KeyValuePair<string, string>(name, variable.String("value") ?? string.Empty));
            }
        }

        ExecClusterInfo? clusterInfo = null;
        if (exec.Bool("provideClusterInfo"))
        {
            clusterInfo = new ExecClusterInfo
            {
                Server = server.OriginalString,
                TlsServerName = serverName,
                InsecureSkipTlsVerify = insecure,
                CertificateAuthorityData = authorities is null ? null : Encoding.UTF8.GetBytes(ReadForPlugin(authorities, cluster)),
            };
        }

        var settings = new ExecPluginSettings
        {
            Command = command,
            Arguments = arguments,
            Environment = variables,
            ApiVersion = exec.String("apiVersion") ?? throw exec.Fail(exec.KeyOf("apiVersion") + " is missing (client.authentication.k8s.io/v1 or v1beta1)", "apiVersion"),
            BaseDirectory = user.Directory,
            InteractiveMode = exec.String("interactiveMode"),
            InstallHint = exec.String("installHint"),
            Cluster = clusterInfo,
            Origin = user.Describe("user"),
        };
        try
        {
            return new ExecCredentialTokenSource(settings, environment.TimeProvider);
        }
        catch (ArgumentException e)
        {
            throw exec.Fail(e.Message.Split(" (Parameter")[0].TrimEnd('.'), "apiVersion", e);
        }
    }

    private static string ReadForPlugin(PemSource authorities, KubeConfigEntry cluster)
    {
        try
        {
            return authorities.Read();
        }
        catch (ClusterCredentialException e)
        {
            throw cluster.Fail(e.Message.TrimEnd('.'), "certificate-authority", e);
        }
    }
}
