using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using SliceClientGen.Testing.Http;
using SliceClientGen.Testing.OpenApi;
using SliceClientGen.Testing.Security;
using SliceClientGen.Testing.Storage;

namespace SliceClientGen.Testing;

/// <summary>
/// An embedded, Kubernetes-compatible API server on 127.0.0.1: real HTTP (and TLS) over Kestrel with the API server's
/// list, watch and write semantics for any resource — enough that kubectl and Kubernetes client libraries work against
/// it. For tests, samples and local development without a cluster.
/// </summary>
/// <example>
/// <code>
/// await using KubeApiServer server = await KubeApiServer.StartAsync(new KubeApiServerOptions
/// {
///     OpenApiDocumentPath = "openapi/kubernetes-endpoint-slices-openapi.yml",
///     BearerToken = "secret",
/// });
/// string kubeconfig = server.WriteKubeConfig(Path.Combine(Path.GetTempPath(), "kubeconfig"));
/// </code>
/// </example>
public sealed class KubeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerCertificates? _certificates;
    private readonly ServerContext _context;
    private int _disposed;

    private KubeApiServer(WebApplication app, ServerContext context, ServerCertificates? certificates, Uri baseAddress)
    {
        _app = app;
        _context = context;
        _certificates = certificates;
        BaseAddress = baseAddress;
        Objects = new ObjectStore(context.Store);
    }

    /// <summary>The server's address, <c>http://127.0.0.1:PORT/</c> or <c>https://…</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Direct access to the objects, for seeding and simulated controllers (no auth, no validation).</summary>
    public ObjectStore Objects { get; }

    /// <summary>Faults to inject into the running server.</summary>
    public ServerFaults Faults => _context.Faults;

    /// <summary>
    /// The API requests received, oldest first (the most recent 10,000): method, path, query, status and whether the
    /// client went away. Health probes (<c>/healthz</c>, <c>/livez</c>, <c>/readyz</c>) are not recorded.
    /// </summary>
    public IReadOnlyList<ServerRequest> Requests => _context.Requests.Snapshot();

    /// <summary>The resources served.</summary>
    public IReadOnlyList<ApiResource> Resources => _context.Resources;

    /// <summary>The CA that issued the server's certificate and client certificates; <see langword="null"/> without TLS.</summary>
    public X509Certificate2? CertificateAuthority => _certificates?.Authority;

    internal ResourceStore Store => _context.Store;

    /// <summary>Starts a server on a free port of 127.0.0.1 (or <see cref="KubeApiServerOptions.Port"/>).</summary>
    /// <exception cref="OpenApiDocumentException">The OpenAPI document cannot be read.</exception>
    /// <exception cref="ArgumentException">No resources to serve, or two with the same group, version and plural.</exception>
    public static async Task<KubeApiServer> StartAsync(KubeApiServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WatchQueueLimit, 1, nameof(options) + "." + nameof(options.WatchQueueLimit));
        JsonObject? document = null;
        var resources = new List<ApiResource>();
        if (options.OpenApiDocumentPath is { } path)
        {
            document = OpenApiDocumentLoader.Load(path);
            resources.AddRange(ResourceReader.Read(document, path));
        }

        foreach (ApiResource resource in options.Resources)
        {
            resources.RemoveAll(r => r.GroupVersion == resource.GroupVersion && r.Plural == resource.Plural);
            resources.Add(resource);
        }

        if (resources.Count == 0)
        {
            throw new ArgumentException("No resources to serve: set OpenApiDocumentPath or add Resources.", nameof(options));
        }

        if (options.ServeNamespaces && !resources.Exists(r => r.Group.Length == 0 && r.Plural == "namespaces"))
        {
            resources.Add(ApiResource.NamespaceView());
        }

        bool tls = options.UseTls || options.RequireClientCertificate;
        ServerCertificates? certificates = tls ? new ServerCertificates(options.TimeProvider) : null;
        var store = new ResourceStore(resources, options.TimeProvider, options.CompactionWindow);
        var faults = new ServerFaults(() => store);
        var context = new ServerContext(options, resources, store, faults, document, certificates);

        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                if (certificates is not null)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = certificates.ServerCertificate,
                        ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                        ClientCertificateValidation = (_, _, _) => true,
                    });
                }
            });
        });
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        WebApplication app = builder.Build();
        var router = new ApiRouter(context);
        app.Run(router.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            certificates?.Dispose();
            throw;
        }

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseAddress = new Uri(address.TrimEnd('/') + "/");
        context.ServerAddress = baseAddress.Authority;
        return new KubeApiServer(app, context, certificates, baseAddress);
    }

    /// <summary>
    /// Issues a client certificate (with its private key) for <paramref name="userName"/>, signed by the server's CA,
    /// which the server accepts as a credential.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server does not use TLS.</exception>
    public X509Certificate2 IssueClientCertificate(string userName)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        return (_certificates ?? throw new InvalidOperationException("The server does not use TLS: set UseTls or RequireClientCertificate."))
            .IssueClient(userName, _context.Time);
    }

    /// <summary>
    /// Writes a kubeconfig for this server (owner-only permissions): the cluster (with <c>certificate-authority-data</c>
    /// under TLS), a user with the server's bearer token or, with <paramref name="useClientCertificate"/>, a client
    /// certificate and key issued for it, and a context that is the current one.
    /// </summary>
    /// <returns>The full path written.</returns>
    public string WriteKubeConfig(string path, bool useClientCertificate = false, string contextName = "embedded", string? @namespace = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(contextName);
        var yaml = new StringBuilder();
        yaml.AppendLine("apiVersion: v1");
        yaml.AppendLine("kind: Config");
        yaml.AppendLine("clusters:");
        yaml.AppendLine("- name: " + Quote(contextName));
        yaml.AppendLine("  cluster:");
        yaml.AppendLine("    server: " + Quote(BaseAddress.GetLeftPart(UriPartial.Authority)));
        if (_certificates is not null)
        {
            yaml.AppendLine("    certificate-authority-data: " + Base64(_certificates.Authority.ExportCertificatePem()));
        }

        yaml.AppendLine("users:");
        yaml.AppendLine("- name: " + Quote(contextName + "-user"));
        if (useClientCertificate)
        {
            using X509Certificate2 certificate = IssueClientCertificate(contextName + "-user");
            using ECDsa key = certificate.GetECDsaPrivateKey()!;
            yaml.AppendLine("  user:");
            yaml.AppendLine("    client-certificate-data: " + Base64(certificate.ExportCertificatePem()));
            yaml.AppendLine("    client-key-data: " + Base64(key.ExportPkcs8PrivateKeyPem()));
        }
        else if (_context.Options.BearerToken is { } token)
        {
            yaml.AppendLine("  user:");
            yaml.AppendLine("    token: " + Quote(token));
        }
        else
        {
            // No credentials (a server without auth, or a test of what happens without them).
            yaml.AppendLine("  user: {}");
        }

        yaml.AppendLine("contexts:");
        yaml.AppendLine("- name: " + Quote(contextName));
        yaml.AppendLine("  context:");
        yaml.AppendLine("    cluster: " + Quote(contextName));
        yaml.AppendLine("    user: " + Quote(contextName + "-user"));
        if (@namespace is not null)
        {
            yaml.AppendLine("    namespace: " + Quote(@namespace));
        }

        yaml.AppendLine("current-context: " + Quote(contextName));

        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, yaml.ToString());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return full;
    }

    /// <summary>Stops the server: open watches end, then connections close.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _context.Stop();
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _certificates?.Dispose();
        }
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
}
