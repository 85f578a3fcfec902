using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;

namespace SliceClientGen.Runtime.Http;

/// <summary>
/// The hosts <c>NO_PROXY</c> sends directly, read as client-go's (Go's httpproxy) rules: entries separated by commas;
/// <c>*</c> for every host; an IP address or CIDR block; a domain name, which covers itself and its subdomains, or with a
/// leading <c>.</c> (or <c>*.</c>) only its subdomains; any entry but a CIDR block may name a port
/// (<c>host:8443</c>, <c>[::1]:443</c>), and then only that port is direct.
/// </summary>
internal sealed class NoProxyRules
{
    private readonly bool _everything;
    private readonly List<IPNetwork> _networks = new();
    private readonly List<(IPAddress Address, int? Port)> _addresses = new();
    private readonly List<(string Suffix, bool MatchesItself, int? Port)> _domains = new();

    private NoProxyRules(string? text)
    {
        foreach (string raw in (text ?? string.Empty).Split(','))
        {
            string entry = raw.Trim().ToLowerInvariant();
            if (entry.Length == 0)
            {
                continue;
            }

            if (entry == "*")
            {
                _everything = true;
                return;
            }

            if (entry.Contains('/') && IPNetwork.TryParse(entry, out IPNetwork network))
            {
                _networks.Add(network);
                continue;
            }

            (string host, int? port) = SplitPort(entry);
            if (IPAddress.TryParse(host, out IPAddress? address))
            {
                _addresses.Add((address, port));
                continue;
            }

            if (host.StartsWith("*.", StringComparison.Ordinal))
            {
                host = host.Substring(1);
            }

            _domains.Add(host.StartsWith(".", StringComparison.Ordinal) ? (host, false, port) : ("." + host, true, port));
        }
    }

    /// <summary>The rules of a <c>NO_PROXY</c> value (null or empty: none).</summary>
    public static NoProxyRules Parse(string? text) => new(text);

    /// <summary>True when <paramref name="destination"/> is reached without the proxy.</summary>
    public bool Bypasses(Uri destination)
    {
        if (_everything)
        {
            return true;
        }

        string host = destination.IdnHost.TrimEnd('.').ToLowerInvariant();
        int port = destination.Port;
        if (IPAddress.TryParse(host, out IPAddress? address))
        {
            foreach (IPNetwork network in _networks)
            {
                if (network.Contains(address))
                {
                    return true;
                }
            }

            foreach ((IPAddress listed, int? listedPort) in _addresses)
            {
                if (listed.Equals(address) && (listedPort is null || listedPort == port))
                {
                    return true;
                }
            }

            return false;
        }

        foreach ((string suffix, bool matchesItself, int? listedPort) in _domains)
        {
            bool named = host.EndsWith(suffix, StringComparison.Ordinal) || (matchesItself && host == suffix.Substring(1));
            if (named && (listedPort is null || listedPort == port))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>host:port</c>, <c>[v6]:port</c> or a bare host (a bare IPv6 address keeps its colons).</summary>
    private static (string Host, int? Port) SplitPort(string entry)
    {
        if (entry.StartsWith("[", StringComparison.Ordinal))
        {
            int close = entry.IndexOf(']');
            if (close > 0)
            {
                string inner = entry.Substring(1, close - 1);
                return close + 1 < entry.Length && entry[close + 1] == ':' && TryPort(entry.Substring(close + 2), out int bracketed) ? (inner, bracketed) : (inner, null);
            }
        }

        int colon = entry.LastIndexOf(':');
        if (colon > 0 && entry.IndexOf(':') == colon && TryPort(entry.Substring(colon + 1), out int port))
        {
            return (entry.Substring(0, colon), port);
        }

        return (entry, null);
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
}
