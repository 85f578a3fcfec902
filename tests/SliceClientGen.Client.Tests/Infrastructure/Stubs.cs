using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SliceClientGen.Client.Tests.Infrastructure;

/// <summary>
/// WireMock.Net stubs for the tests that need only a canned HTTP exchange (a status, headers, a body), as a team
/// testing its own code against a generated client would write them. Streaming, TLS, dropped connections and
/// exact wire bytes stay on <see cref="LoopbackServer"/> (Kestrel), which a stub cannot imitate.
/// </summary>
public static class Stubs
{
    /// <summary>A stub server on loopback (an ephemeral port) answering every request with <paramref name="response"/>.</summary>
    public static WireMockServer Answering(IResponseBuilder response) => AnsweringInTurn(response);

    /// <summary>
    /// A stub server whose n-th request gets the n-th response, the last one repeating: a WireMock.Net scenario
    /// whose state moves on with each request.
    /// </summary>
    public static WireMockServer AnsweringInTurn(params IResponseBuilder[] responses)
    {
        WireMockServer server = WireMockServer.Start();
        for (int turn = 0; turn < responses.Length; turn++)
        {
            IRespondWithAProvider mapping = server.Given(Request.Create().UsingAnyMethod()).InScenario("turns");
            if (turn > 0)
            {
                mapping = mapping.WhenStateIs("turn " + turn);
            }

            if (turn < responses.Length - 1)
            {
                mapping = mapping.WillSetStateTo("turn " + (turn + 1));
            }

            mapping.RespondWith(responses[turn]);
        }

        return server;
    }

    /// <summary>A status with a JSON body.</summary>
    public static IResponseBuilder Json(int status, string json) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(json);

    /// <summary>A status with a body of the given media type.</summary>
    public static IResponseBuilder Text(int status, string body, string contentType) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body);

    /// <summary>A status without a body.</summary>
    public static IResponseBuilder Empty(int status) => Response.Create().WithStatusCode(status);

    /// <summary>A status with <c>Retry-After: seconds</c> and a Kubernetes Status body.</summary>
    public static IResponseBuilder RetryAfter(int status, int seconds) =>
        Json(status, KubeJson.Status(status, "TooManyRequests", "try again later"))
            .WithHeader("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>An HttpClient with its own connection pool and <see cref="HttpClient.BaseAddress"/> set to the stub (unless not wanted).</summary>
    public static HttpClient CreateHttpClient(this WireMockServer server, bool withBaseAddress = true) =>
        new(new SocketsHttpHandler())
        {
            BaseAddress = withBaseAddress ? server.At(string.Empty) : null,
            Timeout = Timeout.InfiniteTimeSpan,
        };

    /// <summary>A URI on the stub (for base addresses with a path prefix).</summary>
    public static Uri At(this WireMockServer server, string relative) => new(new Uri(server.Url! + "/"), relative);

    /// <summary>The requests the stub received, in order.</summary>
    public static IReadOnlyList<IRequestMessage> Requests(this WireMockServer server) =>
        server.LogEntries.Select(entry => entry.RequestMessage!).ToList();

    /// <summary>The only request the stub received; throws when there were none or several.</summary>
    public static IRequestMessage SingleRequest(this WireMockServer server) => Assert.Single(server.Requests());

    /// <summary>A request header's values joined with a comma, or null when it was not sent (names ignore case).</summary>
    public static string? Header(this IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { } values ? string.Join(",", values) : null;

    /// <summary>The paths of the requests the stub received, in order.</summary>
    public static IReadOnlyList<string> RequestPaths(this WireMockServer server) =>
        server.LogEntries.Select(entry => entry.RequestMessage!.Path).ToList();
}
