using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SliceClientGen.Auth.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and an ephemeral port: HTTPS with a given server certificate (and, when
/// asked, client certificates required and checked against a CA with a custom chain, never the OS store), or
/// plain HTTP. Every request is recorded (method, path, Authorization header, client certificate subject); the
/// <see cref="Handler"/> answers, by default with an empty EndpointSliceList.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SeenRequest> _requests = new();

    private TestServer(WebApplication app) => _app = app;

    /// <summary>The server's root, <c>https://127.0.0.1:port/</c> (or http).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The port Kestrel got.</summary>
    public int Port => BaseAddress.Port;

    /// <summary>Answers requests (after they are recorded); replace it any time.</summary>
    public Func<HttpContext, Task> Handler { get; set; } = Responses.EmptyList;

    /// <summary>The requests received so far, in arrival order.</summary>
    public IReadOnlyList<SeenRequest> Requests => _requests.ToArray();

    /// <summary>
    /// Starts an HTTPS server presenting <paramref name="serverCertificate"/>. With <paramref name="clientCertificateAuthority"/>,
    /// a client certificate is required and accepted only when it chains to that CA (custom root trust, clientAuth).
    /// </summary>
    public static Task<TestServer> StartHttpsAsync(TestCertificate serverCertificate, TestCertificate? clientCertificateAuthority = null) =>
        StartAsync(serverCertificate, clientCertificateAuthority);

    /// <summary>Starts a plain HTTP server.</summary>
    public static Task<TestServer> StartHttpAsync() => StartAsync(null, null);

    private static async Task<TestServer> StartAsync(TestCertificate? serverCertificate, TestCertificate? clientCertificateAuthority)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        X509Certificate2? certificate = serverCertificate?.ForServer();
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (certificate is null)
                {
                    return;
                }

                listen.UseHttps(certificate, https =>
                {
                    https.CheckCertificateRevocation = false;
                    if (clientCertificateAuthority is not null)
                    {
                        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                        https.ClientCertificateValidation = (client, _, _) => ChainsTo(client, clientCertificateAuthority.Certificate);
                    }
                });
            });
        });

        WebApplication app = builder.Build();
        var server = new TestServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The server side of mutual TLS: the client certificate must chain to the test CA alone and allow client authentication.</summary>
    private static bool ChainsTo(X509Certificate2? client, X509Certificate2 authority)
    {
        if (client is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(client);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync();
    }

    private Task HandleAsync(HttpContext context)
    {
        _requests.Enqueue(new SeenRequest(
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization ? authorization : null,
            context.Request.Headers.Host.ToString(),
            context.Connection.ClientCertificate?.Subject));
        return Handler(context);
    }
}

/// <summary>One request as the server saw it.</summary>
/// <param name="Method">The method.</param>
/// <param name="Path">The decoded path.</param>
/// <param name="Authorization">The Authorization header, or null.</param>
/// <param name="Host">The Host header.</param>
/// <param name="ClientCertificate">The subject of the client certificate of the connection, or null.</param>
public sealed record SeenRequest(string Method, string Path, string? Authorization, string Host, string? ClientCertificate);
