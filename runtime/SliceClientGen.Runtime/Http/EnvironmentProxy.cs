using System;
using System.Net;

namespace SliceClientGen.Runtime.Http;

/// <summary>
/// The proxy the standard environment variables name, read as client-go reads them (Go's
/// <c>http.ProxyFromEnvironment</c>): <c>HTTPS_PROXY</c> for https servers and <c>HTTP_PROXY</c> for http ones (the
/// upper-case name first, then the lower-case one; <c>ALL_PROXY</c> when neither is set); a value without a scheme is an
/// http proxy. <c>localhost</c> and loopback addresses, and the hosts <c>NO_PROXY</c> names (<see cref="NoProxyRules"/>),
/// are reached directly. User and password in a proxy URL are sent as proxy credentials when the proxy asks, and never
/// appear in <see cref="ToString"/> or messages.
/// </summary>
internal sealed class EnvironmentProxy : IWebProxy, ICredentials
{
    private readonly Entry? _https;
    private readonly Entry? _http;
    private readonly NoProxyRules _noProxy;

    private EnvironmentProxy(Entry? https, Entry? http, NoProxyRules noProxy)
    {
        _https = https;
        _http = http;
        _noProxy = noProxy;
    }

    /// <summary>The proxy the variables name, or null when none names one (every connection is then direct).</summary>
    /// <param name="getVariable">Reads one environment variable.</param>
    /// <exception cref="InvalidOperationException">A variable holds something that is not an http, https or socks5 proxy URL; the message names the variable, not its value.</exception>
    public static EnvironmentProxy? Read(Func<string, string?> getVariable)
    {
        Entry? all = Parse(getVariable, "ALL_PROXY", "all_proxy");
        Entry? https = Parse(getVariable, "HTTPS_PROXY", "https_proxy") ?? all;
        Entry? http = Parse(getVariable, "HTTP_PROXY", "http_proxy") ?? all;
        if (https is null && http is null)
        {
            return null;
        }

        return new EnvironmentProxy(https, http, NoProxyRules.Parse(First(getVariable, "NO_PROXY", "no_proxy")?.Value));
    }

    /// <summary>Credentials per proxy: the user and password of the URL that named it.</summary>
    public ICredentials? Credentials
    {
        get => this;
        set => throw new NotSupportedException("The credentials of a proxy from the environment come from its URL.");
    }

    public Uri? GetProxy(Uri destination) => IsBypassed(destination) ? null : For(destination)?.Address;

    public bool IsBypassed(Uri destination) =>
        For(destination) is null
        || string.Equals(destination.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase)
        || destination.IsLoopback
        || _noProxy.Bypasses(destination);

    public NetworkCredential? GetCredential(Uri uri, string authType)
    {
        foreach (Entry? entry in new[] { _https, _http })
        {
            if (entry is not null && Uri.Compare(entry.Address, uri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return entry.Credential;
            }
        }

        return null;
    }

    /// <summary>The proxies by variable, scheme, host and port only.</summary>
    public override string ToString() =>
        "proxy from the environment { "
        + (_https is null ? string.Empty : "https: " + _https.Variable + " " + _https.Describe() + " ")
        + (_http is null ? string.Empty : "http: " + _http.Variable + " " + _http.Describe() + " ")
        + "}";

    private Entry? For(Uri destination) => destination.Scheme == Uri.UriSchemeHttps ? _https : destination.Scheme == Uri.UriSchemeHttp ? _http : null;

    private static (string Name, string Value)? First(Func<string, string?> getVariable, string upper, string lower)
    {
        foreach (string name in new[] { upper, lower })
        {
            string? value = getVariable(name)?.Trim();
            if (!string.IsNullOrEmpty(value))
            {
                return (name, value!);
            }
        }

        return null;
    }

    private static Entry? Parse(Func<string, string?> getVariable, string upper, string lower)
    {
        if (First(getVariable, upper, lower) is not (string name, string value))
        {
            return null;
        }

        // As Go's parseProxy: a value without a scheme (host:port) is an http proxy.
        if (!TryProxyUrl(value.Contains("://") ? value : "http://" + value, out Uri? proxy))
        {
            throw new InvalidOperationException("The environment variable " + name + " is not an http, https or socks5 proxy URL (its value is not shown: it may hold credentials).");
        }

        return new Entry(name, proxy!);
    }

    private static bool TryProxyUrl(string text, out Uri? proxy) =>
        Uri.TryCreate(text, UriKind.Absolute, out proxy) && proxy.Scheme is "http" or "https" or "socks5" && proxy.Host.Length > 0;

    private sealed class Entry
    {
        public Entry(string variable, Uri url)
        {
            Variable = variable;
            Address = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty, Path = string.Empty }.Uri;
            if (url.UserInfo.Length > 0)
            {
                string[] parts = url.UserInfo.Split(new[] { ':' }, 2);
                Credential = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
            }
        }

        public string Variable { get; }

        public Uri Address { get; }

        public NetworkCredential? Credential { get; }

        public string Describe() => Address.GetLeftPart(UriPartial.Scheme) + Address.Authority;
    }
}
