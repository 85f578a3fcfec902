using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;

namespace SliceClientGen.Packaging.Tests;

/// <summary>
/// The solution packed once (<c>dotnet pack SliceClientGen.sln -c Release</c>) into a folder of its own, for every
/// test of <see cref="PackageConsumptionTests"/>.
/// </summary>
public sealed class PackedSolution : IAsyncLifetime
{
    // Packing builds the whole solution in Release: generous, for a loaded CI machine (it is one pack for every test).
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(20);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sliceclientgen-packed-" + Guid.NewGuid().ToString("N"));

    /// <summary>The folder holding the .nupkg files.</summary>
    public string Packages => Path.Combine(_directory, "packages");

    /// <summary>The version of the packed SliceClientGen package (every package has the same).</summary>
    public string Version { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        string root = PackageConsumptionTests.FindRepositoryRoot();

        // Release only: the Debug outputs the surrounding `dotnet test` run is using stay untouched.
        await PackageConsumptionTests.RunDotnetAsync(root, PackTimeout, null, "pack", Path.Combine(root, "SliceClientGen.sln"), "-c", "Release", "-o", Packages);
        Version = PackageConsumptionTests.GeneratorPackageVersion(Packages);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp folder must not fail the test.
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// Proves the packages work for a user: pack the solution, then build and run brand-new console apps whose only
/// SliceClientGen inputs are package references: <c>SliceClientGen</c> plus an <c>OpenApiClient</c> item, or
/// <c>SliceClientGen.EndpointSlices</c> alone (its client is generated inside the package).
/// </summary>
public sealed partial class PackageConsumptionTests : IClassFixture<PackedSolution>, IDisposable
{
    private const string DocumentName = "kubernetes-endpoint-slices-openapi.yml";
    private const string DiscoveryDocumentName = "kubernetes-discovery-v1-openapi.json";

    private static readonly TimeSpan NewTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(8);

    private readonly string workDirectory = Path.Combine(Path.GetTempPath(), "sliceclientgen-packaging-" + Guid.NewGuid().ToString("N"));
    private readonly PackedSolution packed;

    public PackageConsumptionTests(PackedSolution packed)
    {
        this.packed = packed;
        Directory.CreateDirectory(workDirectory);

        // Stop MSBuild's upward search here, so nothing above the temp folder customises the app's build.
        File.WriteAllText(Path.Combine(workDirectory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(workDirectory, "Directory.Build.targets"), "<Project />\n");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(workDirectory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp folder must not fail the test.
        }
    }

    [Fact]
    public async Task A_new_console_app_referencing_only_the_packed_package_builds_and_runs()
    {
        string root = FindRepositoryRoot();
        (string packages, string version) = (packed.Packages, packed.Version);
        Assert.True(
            File.Exists(Path.Combine(packages, $"SliceClientGen.Testing.{version}.nupkg")),
            $"SliceClientGen.Testing.{version}.nupkg is missing. Packed: {string.Join(", ", Directory.GetFiles(packages).Select(Path.GetFileName))}");
        Assert.True(
            File.Exists(Path.Combine(packages, $"SliceClientGen.Runtime.{version}.nupkg")),
            $"SliceClientGen.Runtime.{version}.nupkg is missing. Packed: {string.Join(", ", Directory.GetFiles(packages).Select(Path.GetFileName))}");
        AssertGeneratorPackageLayout(Path.Combine(packages, $"SliceClientGen.{version}.nupkg"), version);

        string app = await CreateConsoleAppAsync(root, packages, version);
        ProcessResult run = await RunDotnetAsync(
            app,
            RunTimeout,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(workDirectory, "nuget-cache") },
            "run");

        Assert.Contains("\"IPv4\"", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"FQDN\"", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ownerReferences", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("discovery.k8s.io/v1", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("client got web-abc via GET /apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-abc", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("embedded server listed from-package at resourceVersion 1", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_console_app_referencing_only_the_EndpointSlices_package_follows_a_service_through_the_view()
    {
        string root = FindRepositoryRoot();
        (string packages, string version) = (packed.Packages, packed.Version);
        string nupkg = Path.Combine(packages, $"SliceClientGen.EndpointSlices.{version}.nupkg");
        Assert.True(File.Exists(nupkg), $"{Path.GetFileName(nupkg)} is missing. Packed: {string.Join(", ", Directory.GetFiles(packages).Select(Path.GetFileName))}");
        AssertEndpointSlicesPackageLayout(nupkg, version);

        string app = await CreateEndpointSlicesAppAsync(root, packages, version);
        ProcessResult run = await RunDotnetAsync(
            app,
            RunTimeout,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(workDirectory, "nuget-cache") },
            "run");

        // Two slices of shop/web share 10.0.0.2: the view counts it once; a write reaches it through the watch.
        Assert.Contains("synced shop/web: 10.0.0.1,10.0.0.2,10.0.0.3 ready on http", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("changed shop/web: +10.0.0.4 -10.0.0.1", run.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>The package carries its own compiled client and depends on exactly the same runtime version, not on the generator.</summary>
    private static void AssertEndpointSlicesPackageLayout(string nupkg, string version)
    {
        using ZipArchive archive = ZipFile.OpenRead(nupkg);
        AssertHasEntries(archive, nupkg, "lib/net8.0/SliceClientGen.EndpointSlices.dll", "lib/net10.0/SliceClientGen.EndpointSlices.dll");

        XDocument nuspec = Nuspec(archive, nupkg, "SliceClientGen.EndpointSlices.nuspec");
        var dependencies = nuspec.Descendants()
            .Where(e => e.Name.LocalName == "dependency")
            .Select(e => ((string?)e.Attribute("id") ?? string.Empty, (string?)e.Attribute("version") ?? string.Empty))
            .Distinct()
            .ToList();
        Assert.Contains(("SliceClientGen.Runtime", $"[{version}]"), dependencies);
        Assert.DoesNotContain(dependencies, d => d.Item1 == "SliceClientGen");
    }

    private Task<string> CreateEndpointSlicesAppAsync(string root, string packages, string version) =>
        CreateAppAsync("slices-app", root, packages, DiscoveryDocumentName, $"""
                <PackageReference Include="SliceClientGen.EndpointSlices" Version="{version}" />
                <PackageReference Include="SliceClientGen.Testing" Version="{version}" />
            """, """"
            using System.Text.Json.Nodes;
            using SliceClientGen.EndpointSlices;
            using SliceClientGen.Runtime.Informers;
            using SliceClientGen.Testing;

            // The embedded API server (SliceClientGen.Testing) serving the real discovery.k8s.io/v1 document.
            await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions
            {
                OpenApiDocumentPath = Path.Combine(AppContext.BaseDirectory, "openapi", "kubernetes-discovery-v1-openapi.json"),
                ServeNamespaces = false,
            });
            ApiResource resource = server.Resources.Single(r => r.Plural == "endpointslices");
            server.Objects.Create(resource, Slice("web-a", "10.0.0.1", "10.0.0.2"));
            server.Objects.Create(resource, Slice("web-b", "10.0.0.2", "10.0.0.3"));

            // Everything below comes from the one package: the generated client, the informer, the view.
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            var client = new DiscoveryV1Client(http);
            await using Informer<EndpointSlice> informer = client.CreateEndpointSliceInformer();
            using ServiceEndpointsView view = informer.CreateServiceView();
            await informer.StartAsync();
            await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromMinutes(1));
            ServiceEndpoints web = view.Get("shop", "web") ?? throw new InvalidOperationException("shop/web is not in the view.");
            Console.WriteLine("synced shop/web: " + string.Join(",", web.ReadyEndpoints("http").Select(e => e.Address)) + " ready on http");

            await using IAsyncEnumerator<ServiceEndpointsChange> changes = view.ChangesAsync(new ServiceKey("shop", "web")).GetAsyncEnumerator();
            await changes.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));
            server.Objects.Update(resource, "shop", "web-a", slice => slice["endpoints"] = Endpoints("10.0.0.4", "10.0.0.2"));
            await changes.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));
            ServiceEndpointsDiff diff = changes.Current.Diff;
            Console.WriteLine("changed shop/web: " + string.Join(" ", diff.Added.Select(e => "+" + e.Address).Concat(diff.Removed.Select(e => "-" + e.Address))));

            static JsonObject Slice(string name, params string[] addresses) => new()
            {
                ["apiVersion"] = "discovery.k8s.io/v1",
                ["kind"] = "EndpointSlice",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "shop", ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = "web" } },
                ["addressType"] = "IPv4",
                ["endpoints"] = Endpoints(addresses),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 8080, ["protocol"] = "TCP" }),
            };

            static JsonArray Endpoints(params string[] addresses) =>
                new(addresses.Select(a => (JsonNode)new JsonObject { ["addresses"] = new JsonArray(JsonValue.Create(a)), ["conditions"] = new JsonObject { ["ready"] = true } }).ToArray());
            """");

    /// <summary>
    /// A console app (net10.0, nullable, warnings as errors) in <paramref name="name"/> under the work directory that
    /// restores SliceClientGen packages from <paramref name="packages"/> only, with <paramref name="document"/> copied
    /// from the repository's openapi folder, <paramref name="items"/> in its project and <paramref name="program"/> as
    /// its Program.cs.
    /// </summary>
    private async Task<string> CreateAppAsync(string name, string root, string packages, string document, string items, string program)
    {
        string app = Path.Combine(workDirectory, name);
        await RunDotnetAsync(workDirectory, NewTimeout, null, "new", "console", "-o", app, "--framework", "net10.0", "--no-restore", "--no-update-check");

        Directory.CreateDirectory(Path.Combine(app, "openapi"));
        File.Copy(Path.Combine(root, "openapi", document), Path.Combine(app, "openapi", document));
        WriteNuGetConfig(app, packages);

        string projectFile = Directory.GetFiles(app, "*.csproj").Single();
        File.WriteAllText(projectFile, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {items.TrimEnd()}
                <None Update="openapi/**" CopyToOutputDirectory="PreserveNewest" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), program);
        return app;
    }

    private static void AssertHasEntries(ZipArchive archive, string nupkg, params string[] required)
    {
        var entries = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        string[] missing = [.. required.Where(path => !entries.Contains(path))];
        Assert.True(missing.Length == 0, $"Missing from {Path.GetFileName(nupkg)}: {string.Join(", ", missing)}. Entries: {string.Join(", ", entries.Order(StringComparer.Ordinal))}");
    }

    private static XDocument Nuspec(ZipArchive archive, string nupkg, string name)
    {
        ZipArchiveEntry entry = archive.GetEntry(name) ?? throw new InvalidOperationException($"{Path.GetFileName(nupkg)} has no {name}.");
        using Stream stream = entry.Open();
        return XDocument.Load(stream);
    }

    private static void WriteNuGetConfig(string app, string packages) =>
        File.WriteAllText(Path.Combine(app, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local">
                  <package pattern="SliceClientGen" />
                  <package pattern="SliceClientGen.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);

    private static void AssertGeneratorPackageLayout(string nupkg, string version)
    {
        using ZipArchive archive = ZipFile.OpenRead(nupkg);
        AssertHasEntries(
            archive,
            nupkg,
            "analyzers/dotnet/cs/SliceClientGen.dll",
            "analyzers/dotnet/cs/Microsoft.OpenApi.dll",
            "analyzers/dotnet/cs/YamlDotNet.dll",
            "build/SliceClientGen.props",
            "build/SliceClientGen.targets");

        XDocument nuspec = Nuspec(archive, nupkg, "SliceClientGen.nuspec");
        string[] runtimeDependencyVersions =
        [
            .. nuspec.Descendants()
                .Where(e => e.Name.LocalName == "dependency" && (string?)e.Attribute("id") == "SliceClientGen.Runtime")
                .Select(e => (string?)e.Attribute("version") ?? string.Empty),
        ];
        // Exactly this version ([x]): generated code calls the runtime's plumbing, which may change between versions.
        Assert.NotEmpty(runtimeDependencyVersions);
        Assert.All(runtimeDependencyVersions, v => Assert.Equal($"[{version}]", v));
    }

    private Task<string> CreateConsoleAppAsync(string root, string packages, string version) =>
        CreateAppAsync("app", root, packages, DocumentName, $"""
                <PackageReference Include="SliceClientGen" Version="{version}" />
                <PackageReference Include="SliceClientGen.Testing" Version="{version}" />
                <OpenApiClient Include="openapi/{DocumentName}" Namespace="Contoso.Kube" ClassName="EndpointSlicesClient" />
            """, """"
            using System;
            using System.Net;
            using System.Net.Http;
            using System.Text;
            using System.Text.Json;
            using System.Threading;
            using System.Threading.Tasks;
            using Contoso.Kube;
            using Microsoft.Extensions.DependencyInjection;

            var slice = new EndpointSlice { AddressType = EndpointSliceAddressType.IPv4 };
            Console.WriteLine(JsonSerializer.Serialize(slice));

            const string Json = """{"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1","addressType":"FQDN","endpoints":[],"metadata":{"name":"x","ownerReferences":[{"kind":"Service"}]}}""";
            EndpointSlice parsed = JsonSerializer.Deserialize<EndpointSlice>(Json)
                ?? throw new InvalidOperationException("Deserialize returned null.");
            Console.WriteLine(JsonSerializer.Serialize(parsed));

            // The generated client, registered through IHttpClientFactory. The primary handler answers in-process:
            // this app checks that the package's client compiles and runs, not HTTP (the repository's tests use Kestrel).
            var services = new ServiceCollection();
            services.AddEndpointSlicesClient(options => options.BaseAddress = new Uri("http://cluster.invalid/"))
                .ConfigurePrimaryHttpMessageHandler(() => new EchoHandler());
            using ServiceProvider provider = services.BuildServiceProvider();
            EndpointSlicesClient client = provider.GetRequiredService<EndpointSlicesClient>();
            EndpointSlice fetched = await client.GetNamespacedEndpointSliceAsync("default", "web-abc");
            Console.WriteLine("client got " + fetched.Metadata?.Name + " via " + fetched.AdditionalProperties["requested"].GetString());

            // The SliceClientGen.Testing package: the embedded API server over real HTTP, with validation from the document.
            await using var server = await SliceClientGen.Testing.KubeApiServer.StartAsync(new SliceClientGen.Testing.KubeApiServerOptions
            {
                OpenApiDocumentPath = Path.Combine(AppContext.BaseDirectory, "openapi", "kubernetes-endpoint-slices-openapi.yml"),
            });
            var embedded = new EndpointSlicesClient(new HttpClient { BaseAddress = server.BaseAddress });
            await embedded.CreateNamespacedEndpointSliceAsync("shop", new EndpointSlice
            {
                Metadata = new ObjectMeta { Name = "from-package" },
                AddressType = EndpointSliceAddressType.IPv4,
                Endpoints = { new Endpoint { Addresses = { "10.0.0.1" } } },
            });
            EndpointSliceList listed = await embedded.ListEndpointSlicesAllNamespacesAsync();
            Console.WriteLine("embedded server listed " + listed.Items[0].Metadata?.Name + " at resourceVersion " + listed.Metadata?.ResourceVersion);

            sealed class EchoHandler : HttpMessageHandler
            {
                protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    string json = "{\"kind\":\"EndpointSlice\",\"addressType\":\"IPv4\",\"endpoints\":[],\"metadata\":{\"name\":\"web-abc\"},\"requested\":\""
                        + request.Method + " " + request.RequestUri!.AbsolutePath + "\"}";
                    return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
                }
            }
            """");

    /// <summary>Runs <c>dotnet</c> and fails the test with the full output unless it exits with 0 in time.</summary>
    internal static async Task<ProcessResult> RunDotnetAsync(
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment,
        params string[] arguments)
    {
        var variables = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            // Leave no build nodes or compiler servers running after the test.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["UseSharedCompilation"] = "false",
        };
        foreach ((string name, string? value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        ProcessResult result = await ProcessRunner.RunAsync("dotnet", arguments, workingDirectory, timeout, variables);
        Assert.True(result.Succeeded, result.Describe());
        return result;
    }

    internal static string GeneratorPackageVersion(string packages)
    {
        string[] versions =
        [
            .. Directory.GetFiles(packages, "SliceClientGen.*.nupkg")
                .Select(path => GeneratorPackageName().Match(Path.GetFileName(path)))
                .Where(match => match.Success)
                .Select(match => match.Groups["version"].Value),
        ];
        Assert.True(versions.Length == 1, $"Expected one SliceClientGen.<version>.nupkg in {packages}, found: {string.Join(", ", Directory.GetFiles(packages).Select(Path.GetFileName))}");
        return versions[0];
    }

    internal static string FindRepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SliceClientGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SliceClientGen.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^SliceClientGen\.(?<version>\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.nupkg$")]
    private static partial Regex GeneratorPackageName();
}
