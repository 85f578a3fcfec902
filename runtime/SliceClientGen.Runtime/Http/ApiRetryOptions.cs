using System;
using System.Collections.Generic;
using System.Linq;

namespace SliceClientGen.Runtime.Http;

/// <summary>
/// Retries of idempotent requests (GET, HEAD, OPTIONS: reads, lists and watches). Requests that change
/// state (POST, PUT, PATCH, DELETE) are never retried. A request is retried when the server answers with one
/// of <see cref="StatusCodes"/> or the connection fails before a response arrives; the delay is
/// <c>Retry-After</c> when the server sends one, else a capped exponential backoff with jitter.
/// </summary>
public sealed class ApiRetryOptions
{
    /// <summary>False turns retries off (for example when a resilience pipeline is added to the HttpClient).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Retries after the first attempt. Defaults to 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The delay before the first retry; it doubles per retry up to <see cref="MaxDelay"/>. Defaults to 500 ms.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest computed backoff. Defaults to 30 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest <c>Retry-After</c> honoured: a server asking for a longer wait gets its error reported
    /// (with <see cref="ApiException.RetryAfter"/> set) instead of a retry. Defaults to 60 seconds.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The fraction of each computed backoff that is randomized (0 to 1). Defaults to 0.2 (±20 %).</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>Status codes that are retried. Defaults to 429 Too Many Requests and 503 Service Unavailable.</summary>
    public ISet<int> StatusCodes { get; set; } = new HashSet<int> { 429, 503 };

    /// <summary>Called before each retry's delay, for logging and metrics.</summary>
    public Action<ApiRetryAttempt>? OnRetry { get; set; }

    internal ApiRetryOptions Validate()
    {
        if (MaxRetries < 0)
        {
            throw new ArgumentException("ApiRetryOptions.MaxRetries must not be negative.", nameof(MaxRetries));
        }

        if (InitialDelay < TimeSpan.Zero || MaxDelay < TimeSpan.Zero || MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentException("ApiRetryOptions delays must not be negative.", nameof(InitialDelay));
        }

        if (Jitter is < 0 or > 1 || double.IsNaN(Jitter))
        {
            throw new ArgumentException("ApiRetryOptions.Jitter must be between 0 and 1.", nameof(Jitter));
        }

        return new ApiRetryOptions
        {
            Enabled = Enabled,
            MaxRetries = MaxRetries,
            InitialDelay = InitialDelay,
            MaxDelay = MaxDelay,
            MaxRetryAfter = MaxRetryAfter,
            Jitter = Jitter,
            StatusCodes = new HashSet<int>(StatusCodes ?? Enumerable.Empty<int>()),
            OnRetry = OnRetry,
        };
    }

    /// <summary>The backoff before retry number <paramref name="retry"/> (1-based), jittered with <paramref name="random"/> in [0, 1).</summary>
    internal TimeSpan Backoff(int retry, double random)
    {
        double baseMs = InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30));
        double capped = Math.Min(baseMs, MaxDelay.TotalMilliseconds);
        double jittered = capped * (1 - Jitter + (2 * Jitter * random));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, MaxDelay.TotalMilliseconds));
    }
}

/// <summary>Why and when a request is about to be retried.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RequestPath">The request path (no query string, no headers).</param>
/// <param name="Retry">The retry number, starting at 1.</param>
/// <param name="Delay">The wait before the retry.</param>
/// <param name="StatusCode">The status code that caused the retry, or null for a connection failure.</param>
/// <param name="Exception">The connection failure, or null when the server answered.</param>
public sealed record ApiRetryAttempt(string Method, string RequestPath, int Retry, TimeSpan Delay, int? StatusCode, Exception? Exception);
