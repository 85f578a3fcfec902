using System.Runtime.CompilerServices;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using SliceClientGen.Client.Tests.Kube;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Client.Tests;

/// <summary>
/// The README's "Testing code that uses a generated client" example, run as it is printed: the code between the
/// markers below is the README's code block (without its using directives), which the second test checks.
/// </summary>
public sealed class ReadmeTestingExampleTests
{
    private const string Begin = "// README example: begin";
    private const string End = "// README example: end";
    private const string Section = "## Testing code that uses a generated client";

    [Fact]
    public async Task The_README_WireMock_example_stubs_a_200_a_Kubernetes_404_Status_and_a_429_with_Retry_After()
    {
        // README example: begin
        using WireMockServer stub = WireMockServer.Start();
        var retries = new List<ApiRetryAttempt>();
        var client = new EndpointSlicesClient(new HttpClient { BaseAddress = new Uri(stub.Url + "/") },
            new ApiClientOptions { Retry = { OnRetry = retries.Add } });
        const string path = "/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices/web-abc";
        const string slice = """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"web-abc"},"addressType":"IPv4","endpoints":[]}""";

        // A 200 with a typed body.
        stub.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(slice));
        EndpointSlice found = await client.GetNamespacedEndpointSliceAsync("shop", "web-abc");
        Assert.Equal("web-abc", found.Metadata!.Name);

        // A Kubernetes 404 Status: ApiException<Status>, IsNotFound, the Status's reason and message.
        stub.Given(Request.Create().WithPath(path + "-gone").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/json")
                .WithBody("""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"endpointslices.discovery.k8s.io \"web-abc-gone\" not found","reason":"NotFound","code":404}"""));
        ApiException<Status> missing = await Assert.ThrowsAsync<ApiException<Status>>(() => client.GetNamespacedEndpointSliceAsync("shop", "web-abc-gone"));
        Assert.True(missing.IsNotFound);
        Assert.Equal("NotFound", missing.Error.Reason);

        // A 429 with Retry-After, then a 200 (a WireMock scenario): the client waits the second the server asked for
        // and sends the GET again (ApiClientOptions.TimeProvider is the clock it waits on).
        stub.Given(Request.Create().WithPath(path + "-busy").UsingGet()).InScenario("busy").WillSetStateTo("ready")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
        stub.Given(Request.Create().WithPath(path + "-busy").UsingGet()).InScenario("busy").WhenStateIs("ready")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(slice));
        EndpointSlice afterRetry = await client.GetNamespacedEndpointSliceAsync("shop", "web-abc-busy");
        Assert.Equal("web-abc", afterRetry.Metadata!.Name);
        Assert.Equal(429, Assert.Single(retries).StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), retries[0].Delay);
        // README example: end
    }

    [Fact]
    public void The_README_prints_exactly_the_code_the_example_test_runs()
    {
        string[] readme = CodeBlockAfter(File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md")), Section)
            .Where(line => !line.StartsWith("using WireMock.", StringComparison.Ordinal))
            .ToArray();
        string[] test = File.ReadAllLines(ThisFile());
        string[] example = test.SkipWhile(line => line.Trim() != Begin).Skip(1).TakeWhile(line => line.Trim() != End).ToArray();

        Assert.NotEmpty(example);
        Assert.Equal(Normalized(example), Normalized(readme));
    }

    /// <summary>The first ```csharp block after the heading.</summary>
    private static IEnumerable<string> CodeBlockAfter(string[] lines, string heading) =>
        lines.SkipWhile(line => line != heading)
            .SkipWhile(line => line != "```csharp")
            .Skip(1)
            .TakeWhile(line => line != "```");

    /// <summary>Lines without their indentation, blank lines left out.</summary>
    private static string[] Normalized(IEnumerable<string> lines) =>
        lines.Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();

    private static string ThisFile([CallerFilePath] string path = "") => path;

    private static string RepositoryRoot()
    {
        string? directory = Path.GetDirectoryName(ThisFile());
        while (directory is not null && !File.Exists(Path.Combine(directory, "SliceClientGen.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("SliceClientGen.sln not found above " + ThisFile());
    }
}
