using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace SliceClientGen.Runtime.Tests.Infrastructure;

/// <summary>What the server saw of one request.</summary>
public sealed record SeenRequest(string Method, string Path, string? Authorization, string? ClientSubject, string Body);

/// <summary>
/// A real Kestrel server on 127.0.0.1 and an ephemeral port, over HTTPS with a certificate the test chooses
/// (and may swap while running), optionally requiring a client certificate that chains to a CA the test
/// chooses (checked with CustomRootTrust, as the API server does). Plain http when no certificate is given.
/// Every request is recorded; the test's handler answers (200 "ok" by default).
/// </summary>
public sealed class TlsTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SeenRequest> _requests = new();
    private readonly Func<HttpContext, SeenRequest, Task> _respond;
    private X509Certificate2? _certificate;

    private TlsTestServer(X509Certificate2? certificate, X509Certificate2? clientCa, Func<HttpContext, SeenRequest, Task>? respond, bool closeConnections)
    {
        _certificate = certificate;
        _respond = respond ?? ((context, _) => context.Response.WriteAsync("ok"));
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(1));
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is null)
            {
                return;
            }

            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificateSelector = (_, _) => _certificate,
                ClientCertificateMode = clientCa is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (client, _, _) => clientCa is not null && ChainsTo(client, clientCa),
            });
        }));
        _app = builder.Build();
        _app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            string body = await reader.ReadToEndAsync(context.RequestAborted);
            var seen = new SeenRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "/",
                context.Request.Headers.Authorization.Count == 0 ? null : context.Request.Headers.Authorization.ToString(),
                context.Connection.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, false),
                body);
            _requests.Enqueue(seen);
            if (closeConnections)
            {
                context.Response.Headers.Connection = "close";
            }

            await _respond(context, seen);
        });
    }

    /// <summary>The server's https (or http) address with the real port.</summary>
    public Uri Address { get; private set; } = null!;

    public int Port => Address.Port;

    public IReadOnlyList<SeenRequest> Requests => _requests.ToArray();

    /// <summary>Starts a server. <paramref name="closeConnections"/> makes every request use a new connection (a new TLS handshake).</summary>
    public static async Task<TlsTestServer> StartAsync(
        X509Certificate2? certificate,
        X509Certificate2? requireClientCertificateFrom = null,
        Func<HttpContext, SeenRequest, Task>? respond = null,
        bool closeConnections = false)
    {
        var server = new TlsTestServer(certificate, requireClientCertificateFrom, respond, closeConnections);
        await server._app.StartAsync();
        server.Address = new Uri(server._app.Urls.Single().Replace("http://", certificate is null ? "http://" : "https://", StringComparison.Ordinal) + "/");
        return server;
    }

    /// <summary>Serves another certificate from now on (new connections get it).</summary>
    public void UseCertificate(X509Certificate2 certificate) => Volatile.Write(ref _certificate, certificate);

    /// <summary>Answers 401 unless the Authorization header is one of <paramref name="accepted"/>.</summary>
    public static Func<HttpContext, SeenRequest, Task> AcceptTokens(params string[] accepted) => (context, seen) =>
    {
        if (seen.Authorization is { } header && accepted.Any(token => header == "Bearer " + token))
        {
            return context.Response.WriteAsync("ok");
        }

        context.Response.StatusCode = 401;
        return Task.CompletedTask;
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static bool ChainsTo(X509Certificate2 client, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(client);
    }
}
