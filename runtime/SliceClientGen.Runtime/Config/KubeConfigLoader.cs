using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SliceClientGen.Runtime.Auth;

namespace SliceClientGen.Runtime.Config;

/// <summary>
/// Turns kubeconfig files into a <see cref="ClusterConfiguration"/> the way kubectl does: which files, which
/// context, then that context's cluster (server, CA, tls-server-name, insecure-skip-tls-verify) and user
/// (see <see cref="KubeConfigCredentials"/>).
/// </summary>
internal static class KubeConfigLoader
{
    public static ClusterConfiguration Load(string? path, string? context, ClusterEnvironment environment)
    {
        (IReadOnlyList<string> files, string origin) = Locate(path, environment);
        KubeConfigFile config = KubeConfigFile.Load(files, origin);

        string contextName = context ?? config.CurrentContext
            ?? throw new KubeConfigException("The kubeconfig " + config.Describe() + " has no current-context: name the context to use.", config.Files[0], key: "current-context");
        if (!config.Contexts.TryGetValue(contextName, out KubeConfigEntry? contextEntry))
        {
            throw new KubeConfigException(
                "The kubeconfig " + config.Describe() + " has no context '" + contextName + "'" + (context is null ? " (its current-context)" : string.Empty)
                + ". Contexts: " + (config.Contexts.Count == 0 ? "none" : string.Join(", ", config.Contexts.Keys.OrderBy(k => k, StringComparer.Ordinal))) + ".",
                config.Files[0],
                contextName,
                "contexts");
        }

        contextEntry = contextEntry with { Context = contextName };
        string clusterName = contextEntry.String("cluster") ?? throw contextEntry.Fail(contextEntry.KeyOf("cluster") + " is missing", "cluster");
        if (!config.Clusters.TryGetValue(clusterName, out KubeConfigEntry? cluster))
        {
            throw contextEntry.Fail("The context names the cluster '" + clusterName + "', which the kubeconfig " + config.Describe() + " does not define", "cluster");
        }

        cluster = cluster with { Context = contextName };
        KubeConfigEntry? user = null;
        if (contextEntry.String("user") is { } userName)
        {
            if (!config.Users.TryGetValue(userName, out user))
            {
                throw contextEntry.Fail("The context names the user '" + userName + "', which the kubeconfig " + config.Describe() + " does not define", "user");
            }

            user = user with { Context = contextName };
        }

        Uri server = Server(cluster);
        PemSource? authorities = KubeConfigCredentials.Pem(cluster, "certificate-authority", "certificate-authority-data", "cluster");
        bool insecure = cluster.Bool("insecure-skip-tls-verify");
        if (insecure && authorities is not null)
        {
            // kubectl refuses this combination too.
            throw cluster.Fail("insecure-skip-tls-verify: true cannot be combined with a certificate authority (" + authorities.Description + ")", "insecure-skip-tls-verify");
        }

        string? serverName = cluster.String("tls-server-name");
        ExecCredentialTokenSource? exec = user is null ? null : KubeConfigCredentials.Exec(user, cluster, server, authorities, serverName, insecure, environment);
        TlsMaterial tls = KubeConfigCredentials.Tls(cluster, user, authorities, serverName, insecure, environment, exec);
        BearerTokenSource? token = user is null ? null : KubeConfigCredentials.Token(user, exec, environment);
        if (user is not null && token is null && tls.ClientCertificateSource is null)
        {
            KubeConfigCredentials.RejectUnsupported(user);
        }

        return new ClusterConfiguration(server, token, tls, contextEntry.String("namespace"))
        {
            ContextName = contextName,
            Origin = "kubeconfig " + config.Describe(),
            Environment = environment,
            Proxy = ProxyUrl(cluster),
        };
    }

    /// <summary>An explicit path (a list separated like KUBECONFIG is allowed), else KUBECONFIG, else ~/.kube/config.</summary>
    private static (IReadOnlyList<string> Files, string Origin) Locate(string? path, ClusterEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(path))
        {
            return (Split(path!), "the given path");
        }

        string? list = environment.GetVariable("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(list))
        {
            return (Split(list!), "KUBECONFIG");
        }

        return (new[] { Path.Combine(environment.Home(), ".kube", "config") }, "KUBECONFIG is not set and the default");
    }

    private static string[] Split(string list) =>
        list.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();

    /// <summary>The cluster's <c>proxy-url</c> (http, https or socks5), or null.</summary>
    private static Uri? ProxyUrl(KubeConfigEntry cluster)
    {
        string? text = cluster.String("proxy-url");
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? proxy) || proxy.Scheme is not ("http" or "https" or "socks5"))
        {
            // The value may hold a password: the message names the key, never the value.
            throw cluster.Fail(cluster.KeyOf("proxy-url") + " is not an absolute http, https or socks5 URL", "proxy-url");
        }

        return proxy;
    }

    private static Uri Server(KubeConfigEntry cluster)
    {
        string text = cluster.String("server") ?? throw cluster.Fail(cluster.KeyOf("server") + " is missing", "server");
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? server) || (server.Scheme != Uri.UriSchemeHttps && server.Scheme != Uri.UriSchemeHttp))
        {
            throw cluster.Fail(cluster.KeyOf("server") + " is not an absolute http or https URL: '" + text + "'", "server");
        }

        return server;
    }
}
