using System;
using System.Threading;

namespace SliceClientGen.Runtime.Http;

/// <summary>
/// Settings shared by every generated client: where requests go, how long they may take, how failures are
/// retried and how much of an error body is kept. JSON settings are not needed: generated models carry
/// their own converters.
/// </summary>
public sealed class ApiClientOptions
{
    /// <summary>
    /// The server to call when the <see cref="System.Net.Http.HttpClient"/> has no <see cref="System.Net.Http.HttpClient.BaseAddress"/>.
    /// When both are unset, the document's first <c>servers</c> entry is used.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// The time one call may take, from sending the request to reading the last byte of the response,
    /// retries included. Defaults to 100 seconds; <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// Watches are not bound by it: they run until cancelled.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How idempotent requests are retried after throttling, unavailability or a dropped connection.</summary>
    public ApiRetryOptions Retry { get; set; } = new();

    /// <summary>
    /// The most characters of an error response body kept in <see cref="ApiException.ResponseBody"/>
    /// (the typed error body is parsed from up to <see cref="MaxErrorBodyBytes"/> bytes). Defaults to 4096.
    /// </summary>
    public int MaxErrorBodyLength { get; set; } = 4096;

    /// <summary>The most bytes of an error response read and parsed. Defaults to 1 MiB.</summary>
    public int MaxErrorBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The clock and timers used for retry delays, <c>Retry-After</c> dates and <see cref="Timeout"/> (replaceable in tests).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks the settings and returns a copy that later changes to this instance do not affect.</summary>
    /// <returns>The validated copy.</returns>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public ApiClientOptions Validate()
    {
        if (BaseAddress is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("ApiClientOptions.BaseAddress must be an absolute URI, not '" + BaseAddress + "'.", nameof(BaseAddress));
        }

        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException("ApiClientOptions.Timeout must be positive or Timeout.InfiniteTimeSpan, not " + Timeout + ".", nameof(Timeout));
        }

        if (MaxErrorBodyLength < 0 || MaxErrorBodyBytes < 0)
        {
            throw new ArgumentException("ApiClientOptions.MaxErrorBodyLength and MaxErrorBodyBytes must not be negative.", nameof(MaxErrorBodyLength));
        }

        ApiRetryOptions retry = (Retry ?? throw new ArgumentException("ApiClientOptions.Retry must not be null.", nameof(Retry))).Validate();
        return new ApiClientOptions
        {
            BaseAddress = BaseAddress,
            Timeout = Timeout,
            Retry = retry,
            MaxErrorBodyLength = MaxErrorBodyLength,
            MaxErrorBodyBytes = MaxErrorBodyBytes,
            TimeProvider = TimeProvider ?? TimeProvider.System,
        };
    }
}
