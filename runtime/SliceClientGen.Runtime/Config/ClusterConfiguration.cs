using System;
using System.IO;
using System.Net;
using System.Net.Http;
using SliceClientGen.Runtime.Http;
using Microsoft.Extensions.Logging;
using SliceClientGen.Runtime.Auth;

namespace SliceClientGen.Runtime.Config;

/// <summary>
/// How to reach a cluster: the API server URL, TLS (CA, client certificate, server name), bearer credentials
/// and the default namespace. Load it the way kubectl does (<see cref="FromKubeConfig(string?, string?)"/>), from
/// inside a pod (<see cref="InCluster()"/>), or either (<see cref="Default()"/>), or build it from parts; then hand
/// it to any generated client through <see cref="CreateHttpClient"/> or, with dependency injection,
/// <see cref="ClusterConfigurationHttpClientBuilderExtensions.UseClusterConfiguration"/>.
/// Secrets never appear in <see cref="ToString"/>, in logs or in exception messages.
/// </summary>
public sealed class ClusterConfiguration
{
    /// <summary>The service account directory mounted into every pod.</summary>
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>Creates a configuration from its parts.</summary>
    /// <param name="server">The API server URL (https; http only to loopback unless <see cref="AllowInsecureHttp"/>).</param>
    /// <param name="token">Bearer credentials, or null.</param>
    /// <param name="tls">TLS settings (CA bundle, client certificate, server name), or null for the OS defaults.</param>
    /// <param name="namespace">The default namespace; defaults to <c>default</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="server"/> is not an absolute http or https URL.</exception>
    public ClusterConfiguration(Uri server, BearerTokenSource? token = null, TlsMaterial? tls = null, string? @namespace = null)
    {
        Server = server ?? throw new ArgumentNullException(nameof(server));
        if (!server.IsAbsoluteUri || (server.Scheme != Uri.UriSchemeHttps && server.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The API server URL must be an absolute http or https URL, not '" + server + "'.", nameof(server));
        }

        Token = token;
        Tls = tls;
        Namespace = string.IsNullOrWhiteSpace(@namespace) ? "default" : @namespace!.Trim();
    }

    /// <summary>The API server URL (the HttpClient's BaseAddress; a path prefix is kept).</summary>
    public Uri Server { get; }

    /// <summary>The default namespace: the context's, or the pod's; <c>default</c> when neither says.</summary>
    public string Namespace { get; }

    /// <summary>Bearer credentials, if any.</summary>
    public BearerTokenSource? Token { get; }

    /// <summary>TLS settings, if any.</summary>
    public TlsMaterial? Tls { get; }

    /// <summary>The kubeconfig context used, when loaded from a kubeconfig.</summary>
    public string? ContextName { get; internal init; }

    /// <summary>
    /// Send bearer tokens over plain http to hosts other than loopback, where anyone on the path can read them.
    /// Off unless set deliberately (<see cref="WithInsecureHttpAllowed"/> for a loaded configuration).
    /// </summary>
    public bool AllowInsecureHttp { get; init; }

    /// <summary>
    /// The proxy to reach the server through (kubeconfig <c>proxy-url</c>): <c>http://</c> or <c>https://</c> for an HTTP
    /// CONNECT proxy, <c>socks5://</c> for SOCKS5; user and password in the URL are sent as proxy credentials and never
    /// shown. Null: the standard environment variables decide, read when a connection handler is created, as kubectl
    /// reads them: <c>HTTPS_PROXY</c> for https servers, <c>HTTP_PROXY</c> for http ones (upper case first, then lower
    /// case; <c>ALL_PROXY</c> when neither is set), except for localhost, loopback addresses and the hosts
    /// <c>NO_PROXY</c> names (exact host, domain suffix with or without a leading dot, <c>*</c>, IP address, CIDR block,
    /// each optionally with a port). Without them every connection is direct: the operating system's proxy settings
    /// are not consulted.
    /// </summary>
    public Uri? Proxy { get; init; }

    /// <summary>
    /// Ask https servers for HTTP/2, falling back to HTTP/1.1 when they do not offer it (ALPN); plain http stays
    /// HTTP/1.1. Many watches then share a few connections (more are opened when one's stream limit is reached) and
    /// HTTP/2 PINGs find a dead connection while a watch waits quietly. When the TLS material changes (rotated files,
    /// a renewed exec plugin certificate) new requests go through new connections with it while running watches finish
    /// on the old ones (<see cref="CreateHandler"/> and <see cref="ClusterConfigurationHttpClientBuilderExtensions.UseClusterConfiguration"/>);
    /// TLS failures are explained, and exec plugin certificates renewed, as over HTTP/1.1.
    /// On by default; <c>false</c> sends every request as HTTP/1.1.
    /// </summary>
    public bool PreferHttp2 { get; init; } = true;

    /// <summary>The machine the proxy variables are read from (the real one unless a test or loader gives another).</summary>
    internal ClusterEnvironment Environment { get; init; } = ClusterEnvironment.System;

    /// <summary>Where the configuration came from, for <see cref="ToString"/> (kubeconfig files, in-cluster).</summary>
    internal string? Origin { get; init; }

    /// <summary>
    /// Loads a kubeconfig as kubectl does: <paramref name="path"/> (a list separated like KUBECONFIG is allowed),
    /// else the KUBECONFIG environment variable (several files, separated by <see cref="Path.PathSeparator"/>, merged:
    /// the first file to define a cluster, user or context name or current-context wins), else <c>~/.kube/config</c>;
    /// then the named <paramref name="context"/> or current-context, its cluster (<c>server</c>,
    /// <c>certificate-authority(-data)</c>, <c>tls-server-name</c>, <c>insecure-skip-tls-verify</c>), user
    /// (<c>token</c>, <c>tokenFile</c>, <c>client-certificate(-data)</c>, <c>client-key(-data)</c>, <c>exec</c>) and
    /// <c>namespace</c>. Relative file paths resolve against the directory of the kubeconfig that names them.
    /// Certificates, keys and CA bundles are loaded at once, so errors surface here.
    /// </summary>
    /// <param name="path">The kubeconfig file(s), or null.</param>
    /// <param name="context">The context to use, or null for current-context.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="FileNotFoundException">No kubeconfig file exists.</exception>
    /// <exception cref="KubeConfigException">The kubeconfig is not valid YAML, or a context, cluster, user or value is missing, wrong or unusable; the message names the file, context and key.</exception>
    public static ClusterConfiguration FromKubeConfig(string? path = null, string? context = null) =>
        KubeConfigLoader.Load(path, context, ClusterEnvironment.System);

    internal static ClusterConfiguration FromKubeConfig(string? path, string? context, ClusterEnvironment environment) =>
        KubeConfigLoader.Load(path, context, environment);

    /// <summary>
    /// The configuration of a pod, as client-go's InClusterConfig: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT,
    /// and from <see cref="ServiceAccountDirectory"/> the token (re-read as it rotates), the CA bundle and the namespace.
    /// </summary>
    /// <returns>The configuration.</returns>
    /// <exception cref="InvalidOperationException">Not running in a pod (the variables or the token are missing).</exception>
    public static ClusterConfiguration InCluster() => InClusterLoader.Load(ClusterEnvironment.System);

    internal static ClusterConfiguration InCluster(ClusterEnvironment environment) => InClusterLoader.Load(environment);

    /// <summary>True when <see cref="InCluster()"/> can work: the service variables are set and the token exists.</summary>
    /// <returns>Whether this process runs in a pod with a service account.</returns>
    public static bool IsInCluster() => InClusterLoader.IsAvailable(ClusterEnvironment.System);

    /// <summary>In a pod, the in-cluster configuration; elsewhere the kubeconfig (<see cref="FromKubeConfig(string?, string?)"/> with its defaults).</summary>
    /// <returns>The configuration.</returns>
    /// <exception cref="FileNotFoundException">Not in a pod, and no kubeconfig exists.</exception>
    /// <exception cref="KubeConfigException">The kubeconfig cannot be used.</exception>
    public static ClusterConfiguration Default() => Default(ClusterEnvironment.System);

    internal static ClusterConfiguration Default(ClusterEnvironment environment)
    {
        if (InClusterLoader.IsAvailable(environment))
        {
            return InClusterLoader.Load(environment);
        }

        try
        {
            return KubeConfigLoader.Load(null, null, environment);
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException("No cluster configuration: not in a pod (KUBERNETES_SERVICE_HOST is not set or there is no service account token), and " + e.Message, e.FileName, e);
        }
    }

    /// <summary>A copy that sends bearer tokens over plain http to hosts other than loopback (see <see cref="AllowInsecureHttp"/>).</summary>
    /// <returns>The copy.</returns>
    public ClusterConfiguration WithInsecureHttpAllowed() =>
        new(Server, Token, Tls, Namespace)
        {
            ContextName = ContextName,
            Origin = Origin,
            Environment = Environment,
            Proxy = Proxy,
            PreferHttp2 = PreferHttp2,
            Http2PingDelay = Http2PingDelay,
            Http2PingTimeout = Http2PingTimeout,
            AllowInsecureHttp = true,
        };

    /// <summary>
    /// The connection handler: TLS as configured (the server verified against the CA bundle only, host name
    /// included; the client certificate chosen per connection, so re-read files reach new connections, which
    /// are renewed every <see cref="TlsMaterial.ReloadInterval"/>). One connection pool: over HTTP/2 a connection
    /// made before the material changed keeps taking new requests until it is renewed. <see cref="CreateHandler"/> and
    /// <see cref="ClusterConfigurationHttpClientBuilderExtensions.UseClusterConfiguration"/> move new requests to
    /// a new pool as soon as the material changes.
    /// </summary>
    /// <param name="logger">Receives the one warning when verification is disabled, rejected server certificates and reloads; may be null.</param>
    /// <returns>A new handler.</returns>
    /// <exception cref="InvalidOperationException">Without <see cref="Proxy"/>, a proxy environment variable holds something that is not a proxy URL (the message names the variable).</exception>
    public SocketsHttpHandler CreatePrimaryHandler(ILogger? logger = null)
    {
        SocketsHttpHandler handler = CreateSocketsHandler(ConnectionProxy());
        Tls?.Configure(handler, logger);
        return handler;
    }

    /// <summary>
    /// The connection handler of <see cref="CreateHandler"/> and the client factory: with TLS material that can change,
    /// a connection pool per version of it (<see cref="TlsConnectionPools"/>); otherwise <see cref="CreatePrimaryHandler"/>.
    /// </summary>
    internal HttpMessageHandler CreateConnectionHandler(ILogger? logger)
    {
        if (Tls is not { CanChange: true } tls)
        {
            return CreatePrimaryHandler(logger);
        }

        IWebProxy? proxy = ConnectionProxy();
        return new TlsConnectionPools(tls, (client, authorities) =>
        {
            SocketsHttpHandler handler = CreateSocketsHandler(proxy);
            tls.Configure(handler, client, authorities, logger);
            return handler;
        });
    }

    /// <summary>A handler with the connection settings (proxy, HTTP/2 connections and PING) and no TLS material.</summary>
    private SocketsHttpHandler CreateSocketsHandler(IWebProxy? proxy)
    {
        var handler = new SocketsHttpHandler
        {
            // A watch the caller stops mid-stream is closed at once instead of being drained for 2 s.
            ResponseDrainTimeout = TimeSpan.Zero,
            // HTTP/2: many watches must not queue behind one connection's stream limit, and a dead
            // connection is found by PING even while a watch waits quietly for events.
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = Http2PingDelay,
            KeepAlivePingTimeout = Http2PingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };
        handler.Proxy = proxy;
        handler.UseProxy = proxy is not null;
        return handler;
    }

    /// <summary><see cref="Proxy"/>, else the one the environment variables name, else none (direct connections).</summary>
    private IWebProxy? ConnectionProxy() =>
        Proxy is not null ? ProxyFor(Proxy) : EnvironmentProxy.Read(Environment.GetVariable);

    /// <summary>How long an HTTP/2 connection with requests in flight may be silent before a PING is sent (30 s; shorter in tests).</summary>
    internal TimeSpan Http2PingDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a PING may go unanswered before the connection is given up as dead (15 s; shorter in tests).</summary>
    internal TimeSpan Http2PingTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The proxy of <paramref name="proxy"/>: credentials from its user info, the address without them.</summary>
    internal static WebProxy ProxyFor(Uri proxy)
    {
        var address = new UriBuilder(proxy) { UserName = string.Empty, Password = string.Empty }.Uri;
        var webProxy = new WebProxy(address) { BypassProxyOnLocal = false };
        if (proxy.UserInfo.Length > 0)
        {
            string[] parts = proxy.UserInfo.Split(new[] { ':' }, 2);
            webProxy.Credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
        }

        return webProxy;
    }

    /// <summary>The proxy for messages: scheme, host and port; never credentials.</summary>
    internal static string DescribeProxy(Uri proxy) => proxy.GetLeftPart(UriPartial.Scheme) + proxy.Authority;

    /// <summary>The bearer handler for <see cref="Token"/>, or null without a token. Its inner handler is set by the caller (or the factory).</summary>
    /// <returns>A new handler, or null.</returns>
    public DelegatingHandler? CreateAuthenticationHandler() =>
        Token is null ? null : new BearerTokenHandler(Token) { AllowInsecureHttp = AllowInsecureHttp };

    /// <summary>
    /// The whole handler chain: TLS failures explained (which server, why its certificate was rejected, which
    /// client certificate was offered), HTTP/2 asked for (<see cref="PreferHttp2"/>), bearer credentials when there
    /// is a token, over the connection handler (a new connection pool whenever the TLS material changes, the old one
    /// disposed when the requests it carries have ended).
    /// </summary>
    /// <param name="logger">Receives the one warning when verification is disabled; may be null.</param>
    /// <returns>A new handler.</returns>
    public HttpMessageHandler CreateHandler(ILogger? logger = null)
    {
        HttpMessageHandler inner = CreateConnectionHandler(logger);
        if (CreateAuthenticationHandler() is { } authentication)
        {
            authentication.InnerHandler = inner;
            inner = authentication;
        }

        if (PreferHttp2)
        {
            inner = new Http2VersionHandler { InnerHandler = inner };
        }

        return new TlsFailureHandler(Tls) { InnerHandler = inner };
    }

    /// <summary>The handler that asks for HTTP/2 on https (falling back to HTTP/1.1).</summary>
    internal static DelegatingHandler CreateVersionHandler() => new Http2VersionHandler();

    /// <summary>The handler that turns TLS failures into messages naming the server, the rejection reason and the client certificate's origin.</summary>
    internal DelegatingHandler CreateTlsFailureHandler() => new TlsFailureHandler(Tls);

    /// <summary>An HttpClient for this cluster (BaseAddress = <see cref="Server"/>), for <c>new EndpointSlicesClient(httpClient)</c>.</summary>
    /// <param name="logger">Receives the one warning when verification is disabled; may be null.</param>
    /// <returns>A new HttpClient that owns its handlers.</returns>
    public HttpClient CreateHttpClient(ILogger? logger = null) => new(CreateHandler(logger), disposeHandler: true) { BaseAddress = Server };

    /// <summary>Server, context, namespace and where credentials come from; never a token, key or certificate data.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        "ClusterConfiguration { Server = " + Server + (ContextName is null ? string.Empty : ", Context = " + ContextName) + ", Namespace = " + Namespace
        + (Origin is null ? string.Empty : ", From = " + Origin) + ", Credentials = " + (Token?.ToString() ?? "none") + ", " + (Tls?.ToString() ?? "TLS (system defaults)")
        + (Proxy is null ? string.Empty : ", Proxy = " + DescribeProxy(Proxy))
        + (PreferHttp2 ? string.Empty : ", HTTP/1.1 only")
        + (AllowInsecureHttp ? ", tokens allowed over plain http" : string.Empty) + " }";
}
