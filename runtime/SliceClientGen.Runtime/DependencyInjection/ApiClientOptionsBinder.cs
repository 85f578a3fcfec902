using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Configuration;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Runtime.DependencyInjection;

/// <summary>
/// Binds <see cref="ApiClientOptions"/> from configuration without reflection. Keys (all optional):
/// <c>BaseAddress</c>, <c>Timeout</c>, <c>MaxErrorBodyLength</c>, <c>MaxErrorBodyBytes</c>, <c>Retry:Enabled</c>,
/// <c>Retry:MaxRetries</c>, <c>Retry:InitialDelay</c>, <c>Retry:MaxDelay</c>, <c>Retry:MaxRetryAfter</c>,
/// <c>Retry:Jitter</c>, <c>Retry:StatusCodes</c> (an array or a comma-separated list). Durations are
/// <c>hh:mm:ss</c> or a number of seconds.
/// </summary>
public static class ApiClientOptionsBinder
{
    /// <summary>Copies the values present in <paramref name="configuration"/> onto <paramref name="options"/>.</summary>
    /// <param name="configuration">The section.</param>
    /// <param name="options">The options to change.</param>
    /// <exception cref="FormatException">A value cannot be read; the message names its configuration path.</exception>
    public static void Bind(IConfiguration configuration, ApiClientOptions options)
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        Read(configuration, "BaseAddress", value => options.BaseAddress = TryParseHttpUri(value, out Uri? uri) ? uri : null, "an absolute http or https URI");
        Read(configuration, "Timeout", value => options.Timeout = ParseDuration(value), "a duration (hh:mm:ss or seconds)");
        Read(configuration, "MaxErrorBodyLength", value => options.MaxErrorBodyLength = int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture), "an integer");
        Read(configuration, "MaxErrorBodyBytes", value => options.MaxErrorBodyBytes = int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture), "an integer");

        IConfigurationSection retry = configuration.GetSection("Retry");
        ApiRetryOptions target = options.Retry ??= new ApiRetryOptions();
        Read(retry, "Enabled", value => target.Enabled = bool.Parse(value), "true or false");
        Read(retry, "MaxRetries", value => target.MaxRetries = int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture), "an integer");
        Read(retry, "InitialDelay", value => target.InitialDelay = ParseDuration(value), "a duration (hh:mm:ss or seconds)");
        Read(retry, "MaxDelay", value => target.MaxDelay = ParseDuration(value), "a duration (hh:mm:ss or seconds)");
        Read(retry, "MaxRetryAfter", value => target.MaxRetryAfter = ParseDuration(value), "a duration (hh:mm:ss or seconds)");
        Read(retry, "Jitter", value => target.Jitter = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture), "a number between 0 and 1");

        IConfigurationSection codes = retry.GetSection("StatusCodes");
        List<string> items = codes.Value is { } list
            ? list.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).ToList()
            : codes.GetChildren().Select(c => c.Value ?? string.Empty).ToList();
        if (codes.Value is not null || items.Count > 0)
        {
            var parsed = new HashSet<int>();
            foreach (string item in items)
            {
                if (!int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out int code) || code is < 100 or > 599)
                {
                    throw new FormatException("Configuration value '" + codes.Path + "' must list HTTP status codes; '" + item + "' is not one.");
                }

                parsed.Add(code);
            }

            target.StatusCodes = parsed;
        }
    }

    private static void Read(IConfiguration section, string key, Action<string> apply, string expected)
    {
        string? value = section[key];
        if (value is null)
        {
            return;
        }

        string path = section is IConfigurationSection s && s.Path.Length > 0 ? s.Path + ":" + key : key;
        try
        {
            apply(value.Trim());
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new FormatException("Configuration value '" + path + "' must be " + expected + "; it is '" + value + "'.", e);
        }

        if (key == "BaseAddress" && !TryParseHttpUri(value.Trim(), out _))
        {
            throw new FormatException("Configuration value '" + path + "' must be " + expected + "; it is '" + value + "'.");
        }
    }

    /// <summary>An absolute http(s) URI. On Unix, <c>/path</c> is an absolute <c>file://</c> URI to <see cref="Uri"/>: not a server.</summary>
    private static bool TryParseHttpUri(string value, out Uri? uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static TimeSpan ParseDuration(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.Parse(value, CultureInfo.InvariantCulture);
}
