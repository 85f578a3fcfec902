using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using SliceClientGen.Runtime.Auth;
using YamlDotNet.RepresentationModel;

namespace SliceClientGen.Runtime.Config;

/// <summary>
/// How to reach a cluster: the API server URL, TLS (CA, client certificate, server name), bearer credentials
/// and the default namespace. Load it the way kubectl does (<see cref="FromKubeConfig(string?, string?)"/>), from inside a pod
/// (<see cref="InCluster()"/>), or either (<see cref="Default"/>); then hand it to any generated client through
/// <see cref="CreateHttpClient"/> or, with dependency injection, <c>UseClusterConfiguration</c>.
/// Secrets never appear in <see cref="ToString"/> or in exception messages.
/// </summary>
public sealed class ClusterConfiguration
{
    /// <summary>The service account directory mounted into every pod.</summary>
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>Creates a configuration from its parts.</summary>
    /// <param name="server">The API server URL.</param>
    /// <param name="token">Bearer credentials, or null.</param>
    /// <param name="tls">TLS settings, or null for the OS defaults.</param>
    /// <param name="namespace">The default namespace; defaults to <c>default</c>.</param>
    public ClusterConfiguration(Uri server, BearerTokenSource? token = null, TlsMaterial? tls = null, string? @namespace = null)
    {
        Server = server ?? throw new ArgumentNullException(nameof(server));
        if (!server.IsAbsoluteUri)
        {
            throw new ArgumentException("The API server URL must be absolute, not '" + server + "'.", nameof(server));
        }

        Token = token;
        Tls = tls;
        Namespace = string.IsNullOrWhiteSpace(@namespace) ? "default" : @namespace!;
    }

    /// <summary>The API server URL.</summary>
    public Uri Server { get; }

    /// <summary>The default namespace (the context's, or the pod's).</summary>
    public string Namespace { get; }

    /// <summary>Bearer credentials, if any.</summary>
    public BearerTokenSource? Token { get; }

    /// <summary>TLS settings, if any.</summary>
    public TlsMaterial? Tls { get; }

    /// <summary>The kubeconfig context used, when loaded from a kubeconfig.</summary>
    public string? ContextName { get; private init; }

    /// <summary>Send bearer tokens over plain http to hosts other than loopback. Off unless set deliberately.</summary>
    public bool AllowInsecureHttp { get; init; }

    /// <summary>
    /// Loads a kubeconfig as kubectl does: <paramref name="path"/> (a list separated like KUBECONFIG is allowed),
    /// else the KUBECONFIG environment variable (several files merged), else <c>~/.kube/config</c>; the named
    /// <paramref name="context"/> or the current one.
    /// </summary>
    /// <param name="path">The kubeconfig file(s), or null.</param>
    /// <param name="context">The context to use, or null for current-context.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="FileNotFoundException">No kubeconfig file exists.</exception>
    /// <exception cref="InvalidDataException">The kubeconfig is unreadable, or a context, cluster or user is missing or incomplete; the message names it.</exception>
    public static ClusterConfiguration FromKubeConfig(string? path = null, string? context = null) =>
        FromKubeConfig(path, context, Environment.GetEnvironmentVariable);

    internal static ClusterConfiguration FromKubeConfig(string? path, string? context, Func<string, string?> environment)
    {
        string? list = path ?? environment("KUBECONFIG");
        IReadOnlyList<string> files = !string.IsNullOrWhiteSpace(list)
            ? list!.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries)
            : new[] { Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config") };
        KubeConfigFile config = KubeConfigFile.Load(files);
        string where = string.Join(", ", config.Files);

        string contextName = context ?? config.CurrentContext
            ?? throw new InvalidDataException("The kubeconfig (" + where + ") has no current-context; name a context.");
        if (!config.Contexts.TryGetValue(contextName, out KubeConfigFile.Entry? contextEntry))
        {
            throw new InvalidDataException("The kubeconfig (" + where + ") has no context '" + contextName + "'. Contexts: " + string.Join(", ", config.Contexts.Keys.OrderBy(k => k, StringComparer.Ordinal)) + ".");
        }

        string clusterName = contextEntry.String("cluster") ?? throw new InvalidDataException("The context '" + contextName + "' in " + contextEntry.File + " names no cluster.");
        if (!config.Clusters.TryGetValue(clusterName, out KubeConfigFile.Entry? cluster))
        {
            throw new InvalidDataException("The context '" + contextName + "' names the cluster '" + clusterName + "', which the kubeconfig (" + where + ") does not define.");
        }

        KubeConfigFile.Entry? user = null;
        if (contextEntry.String("user") is { } userName && !config.Users.TryGetValue(userName, out user))
        {
            throw new InvalidDataException("The context '" + contextName + "' names the user '" + userName + "', which the kubeconfig (" + where + ") does not define.");
        }

        string serverText = cluster.String("server") ?? throw new InvalidDataException("The cluster '" + clusterName + "' in " + cluster.File + " has no server.");
        if (!Uri.TryCreate(serverText, UriKind.Absolute, out Uri? server))
        {
            throw new InvalidDataException("The cluster '" + clusterName + "' in " + cluster.File + " has a server that is not an absolute URL: '" + serverText + "'.");
        }

        PemSource? authorities = Pem(cluster, "certificate-authority", "certificate-authority-data", "cluster '" + clusterName + "'");
        PemSource? certificate = user is null ? null : Pem(user, "client-certificate", "client-certificate-data", "user '" + user.Name + "'");
        PemSource? key = user is null ? null : Pem(user, "client-key", "client-key-data", "user '" + user.Name + "'");
        TlsMaterial tls;
        try
        {
            tls = new TlsMaterial(certificate, key, authorities, cluster.String("tls-server-name"), cluster.Bool("insecure-skip-tls-verify"));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new InvalidDataException("The TLS settings of context '" + contextName + "' cannot be used: " + e.Message, e);
        }

        return new ClusterConfiguration(server, user is null ? null : TokenSource(user), tls, contextEntry.String("namespace"))
        {
            ContextName = contextName,
        };
    }

    /// <summary>
    /// The configuration of a pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT, and the service
    /// account's token (re-read as it rotates), CA bundle and namespace.
    /// </summary>
    /// <returns>The configuration.</returns>
    /// <exception cref="InvalidOperationException">Not running in a pod (the variables or files are missing).</exception>
    public static ClusterConfiguration InCluster() => InCluster(ServiceAccountDirectory, Environment.GetEnvironmentVariable);

    internal static ClusterConfiguration InCluster(string serviceAccountDirectory, Func<string, string?> environment, TimeProvider? timeProvider = null)
    {
        string? host = environment("KUBERNETES_SERVICE_HOST");
        string? port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("Not running in a Kubernetes pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set.");
        }

        string tokenFile = Path.Combine(serviceAccountDirectory, "token");
        string caFile = Path.Combine(serviceAccountDirectory, "ca.crt");
        if (!File.Exists(tokenFile))
        {
            throw new InvalidOperationException("Not running in a Kubernetes pod: the service account token " + tokenFile + " does not exist.");
        }

        string hostPart = host!.Contains(':') && !host.StartsWith("[", StringComparison.Ordinal) ? "[" + host + "]" : host;
        string? @namespace = File.Exists(Path.Combine(serviceAccountDirectory, "namespace"))
            ? File.ReadAllText(Path.Combine(serviceAccountDirectory, "namespace")).Trim()
            : null;
        return new ClusterConfiguration(
            new Uri("https://" + hostPart + ":" + port),
            BearerTokenSource.FromFile(tokenFile, timeProvider: timeProvider),
            new TlsMaterial(certificateAuthorities: File.Exists(caFile) ? PemSource.FromFile(caFile) : null, timeProvider: timeProvider),
            @namespace);
    }

    /// <summary>In a pod, the in-cluster configuration; elsewhere the kubeconfig, as client-go's default loading does.</summary>
    /// <returns>The configuration.</returns>
    public static ClusterConfiguration Default() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")) && File.Exists(Path.Combine(ServiceAccountDirectory, "token"))
            ? InCluster()
            : FromKubeConfig();

    /// <summary>The connection handler: TLS as configured (server verified against the CA bundle only, client certificate).</summary>
    /// <param name="logger">Receives the one warning when verification is disabled; may be null.</param>
    /// <returns>A new handler.</returns>
    public SocketsHttpHandler CreatePrimaryHandler(ILogger? logger = null)
    {
        var handler = new SocketsHttpHandler
        {
            // A watch the caller stops mid-stream is closed at once instead of being drained for 2 s.
            ResponseDrainTimeout = TimeSpan.Zero,
        };
        Tls?.Configure(handler, logger);
        return handler;
    }

    /// <summary>The bearer handler for <see cref="Token"/>, or null without a token. Its inner handler is set by the caller (or the factory).</summary>
    /// <returns>A new handler, or null.</returns>
    public DelegatingHandler? CreateAuthenticationHandler() =>
        Token is null ? null : new BearerTokenHandler(Token) { AllowInsecureHttp = AllowInsecureHttp };

    /// <summary>The whole handler chain: bearer credentials over the TLS connection handler.</summary>
    /// <param name="logger">Receives the one warning when verification is disabled; may be null.</param>
    /// <returns>A new handler.</returns>
    public HttpMessageHandler CreateHandler(ILogger? logger = null)
    {
        HttpMessageHandler primary = CreatePrimaryHandler(logger);
        if (CreateAuthenticationHandler() is { } authentication)
        {
            authentication.InnerHandler = primary;
            return authentication;
        }

        return primary;
    }

    /// <summary>An HttpClient for this cluster (BaseAddress = <see cref="Server"/>), for <c>new EndpointSlicesClient(httpClient)</c>.</summary>
    /// <param name="logger">Receives the one warning when verification is disabled; may be null.</param>
    /// <returns>A new HttpClient that owns its handlers.</returns>
    public HttpClient CreateHttpClient(ILogger? logger = null) => new(CreateHandler(logger), disposeHandler: true) { BaseAddress = Server };

    /// <summary>Server, context and namespace; never credentials.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        "cluster " + Server + (ContextName is null ? string.Empty : " (context " + ContextName + ")") + ", namespace " + Namespace
        + ", credentials: " + (Token?.ToString() ?? "none") + ", " + (Tls?.ToString() ?? "TLS: system defaults");

    private static PemSource? Pem(KubeConfigFile.Entry entry, string fileKey, string dataKey, string owner)
    {
        if (entry.String(dataKey) is { } data)
        {
            return PemSource.FromBase64(data, dataKey + " of " + owner);
        }

        return entry.PathValue(fileKey) is { } file ? PemSource.FromFile(file) : null;
    }

    private static BearerTokenSource? TokenSource(KubeConfigFile.Entry user)
    {
        if (user.String("token") is { } token)
        {
            return BearerTokenSource.FromToken(token);
        }

        if (user.PathValue("tokenFile") is { } tokenFile)
        {
            return BearerTokenSource.FromFile(tokenFile);
        }

        if (user.Node("exec") is YamlMappingNode exec)
        {
            var fields = new KubeConfigFile.Entry(user.Name, exec, user.File);
            string command = fields.String("command") ?? throw new InvalidDataException("The exec plugin of user '" + user.Name + "' in " + user.File + " has no command.");
            var arguments = new List<string>();
            if (fields.Node("args") is YamlSequenceNode args)
            {
                arguments.AddRange(args.OfType<YamlScalarNode>().Select(a => a.Value ?? string.Empty));
            }

            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            if (fields.Node("env") is YamlSequenceNode env)
            {
                foreach (YamlMappingNode variable in env.OfType<YamlMappingNode>())
                {
                    var pair = new KubeConfigFile.Entry(string.Empty, variable, user.File);
                    if (pair.String("name") is { } name)
                    {
                        environment[name] = pair.String("value") ?? string.Empty;
                    }
                }
            }

            return new ExecCredentialTokenSource(command, arguments, environment, fields.String("apiVersion") ?? "client.authentication.k8s.io/v1", fields.Directory);
        }

        return null;
    }
}
