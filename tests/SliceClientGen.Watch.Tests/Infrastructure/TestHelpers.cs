using SliceClientGen.Runtime.Http;
using SliceClientGen.Runtime.Watch;
using SliceClientGen.Watch.Tests.Kube;

namespace SliceClientGen.Watch.Tests.Infrastructure;

internal static class TestHelpers
{
    /// <summary>The most any test waits for anything: a hang fails the test instead of stalling the run.</summary>
    public static readonly TimeSpan Guard = Waits.Guard;

    public static CancellationTokenSource GuardToken() => Waits.GuardToken();

    /// <summary>
    /// A generated client for the server at <paramref name="baseAddress"/>, with fast retries so tests stay quick, over
    /// <paramref name="handler"/> (by default HttpClient's own).
    /// </summary>
    public static (EndpointSlicesClient Client, HttpClient Http) CreateClient(Uri baseAddress, HttpMessageHandler? handler = null)
    {
        HttpClient http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.BaseAddress = baseAddress;
        var options = new ApiClientOptions { Timeout = TimeSpan.FromSeconds(10) };
        options.Retry.InitialDelay = TimeSpan.FromMilliseconds(5);
        return (new EndpointSlicesClient(http, options), http);
    }

    /// <summary>A generated client for <paramref name="server"/>.</summary>
    public static (EndpointSlicesClient Client, HttpClient Http) CreateClient(this LoopbackServer server, HttpMessageHandler? handler = null) => CreateClient(server.BaseAddress, handler);

    /// <summary>namespace/name, the store's key.</summary>
    public static string Key(EndpointSlice slice) => slice.Metadata!.Namespace + "/" + slice.Metadata.Name;

    /// <summary>What identifies a delivered event: type, name and resourceVersion.</summary>
    public static (string Type, string? Name, string? ResourceVersion) Identity(WatchEvent<EndpointSlice> e) =>
        (e.Type.Value, e.Object.Metadata?.Name, e.ResourceVersion);

    /// <summary>The same for a write the test made.</summary>
    public static (string Type, string? Name, string? ResourceVersion) Identity(LoggedEvent e) =>
        (e.Type, e.Name, e.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Watch options that keep reconnects fast and observable.</summary>
    public static WatchOptions FastOptions(Action<WatchReconnect>? onReconnect = null) => new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(100),
        Jitter = 0,
        OnReconnect = onReconnect,
    };
}
