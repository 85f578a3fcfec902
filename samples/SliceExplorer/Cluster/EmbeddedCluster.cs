using System;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Testing;

namespace SliceExplorer.Cluster;

/// <summary>
/// The embedded API server (SliceClientGen.Testing) on 127.0.0.1, over TLS with a random bearer token, serving
/// and validating against the EndpointSlice OpenAPI document, seeded with <see cref="ClusterSeeder"/>'s cluster,
/// with a kubeconfig for it in a private temporary directory (deleted on dispose).
/// </summary>
internal sealed class EmbeddedCluster : IAsyncDisposable
{
    public const string ContextName = "sliceexplorer";

    /// <summary>The OpenAPI document, copied next to the application by the project file.</summary>
    public static readonly string OpenApiDocumentPath = Path.Combine(AppContext.BaseDirectory, "openapi", "kubernetes-endpoint-slices-openapi.yml");

    /// <summary>The EndpointSlice resource as the server's store knows it.</summary>
    public static readonly ApiResource EndpointSlices = new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice") { ShortNames = new[] { "eps" } };

    private readonly string _directory;

    private EmbeddedCluster(KubeApiServer server, ClusterModel model, SliceController controller, string directory, string kubeConfigPath, int seededSlices, TimeSpan startUp)
    {
        Server = server;
        Model = model;
        Controller = controller;
        _directory = directory;
        KubeConfigPath = kubeConfigPath;
        SeededSlices = seededSlices;
        StartUpTime = startUp;
    }

    public KubeApiServer Server { get; }

    public ClusterModel Model { get; }

    public SliceController Controller { get; }

    /// <summary>A kubeconfig for the server: its CA, the bearer token, context <see cref="ContextName"/>.</summary>
    public string KubeConfigPath { get; }

    public int SeededSlices { get; }

    /// <summary>How long starting and seeding took.</summary>
    public TimeSpan StartUpTime { get; }

    public static async Task<EmbeddedCluster> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(OpenApiDocumentPath))
        {
            throw new FileNotFoundException(
                "The OpenAPI document the embedded server validates against is missing next to the application (the project copies it there).",
                OpenApiDocumentPath);
        }

        var clock = Stopwatch.StartNew();
        var options = new KubeApiServerOptions
        {
            OpenApiDocumentPath = OpenApiDocumentPath,
            BearerToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(),
            UseTls = true,
        };
        KubeApiServer server = await KubeApiServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
        string? directory = null;
        try
        {
            ClusterModel model = ClusterSeeder.Build();
            var controller = new SliceController(server.Objects, EndpointSlices, new Random(ClusterSeeder.Seed + 1));
            int seeded = controller.CreateAll(model);

            directory = Path.Combine(Path.GetTempPath(), "sliceexplorer-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant());
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            string kubeConfig = server.WriteKubeConfig(Path.Combine(directory, "kubeconfig"), contextName: ContextName, @namespace: "default");
            return new EmbeddedCluster(server, model, controller, directory, kubeConfig, seeded, clock.Elapsed);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>The churn for Services in <paramref name="namespace"/> (null: all), or null when none can churn.</summary>
    public ChurnSimulator? CreateChurn(string? @namespace)
    {
        if (ChurnSimulator.ChooseTargets(Model, @namespace) is not { } targets)
        {
            return null;
        }

        return new ChurnSimulator(Model, Controller, targets.Scale, targets.Rolling, ClusterSeeder.Seed + 2);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        DeleteDirectory(_directory);
    }

    private static void DeleteDirectory(string? directory)
    {
        if (directory is null)
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temporary directory; nothing depends on it any more.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
