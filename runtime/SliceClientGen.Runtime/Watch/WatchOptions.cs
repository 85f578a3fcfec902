using System;
using System.ComponentModel;

namespace SliceClientGen.Runtime.Watch;

/// <summary>How a watch survives the ends and faults of real connections.</summary>
public sealed class WatchOptions
{
    /// <summary>
    /// Reconnect when the server ends the stream (it does, every timeoutSeconds) or the connection drops or
    /// idles, from the last resourceVersion seen. Defaults to true. When false, the enumeration ends with the
    /// first stream.
    /// </summary>
    public bool Resume { get; set; } = true;

    /// <summary>
    /// A stream that delivers no bytes (not even a bookmark) for this long is treated as dropped and resumed
    /// (or, without <see cref="Resume"/>, ends with a <see cref="TimeoutException"/>). Defaults to 3 minutes;
    /// servers send a bookmark about every minute when bookmarks are requested. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The wait before the first reconnect after a failure; it doubles per failure. Defaults to 800 ms (client-go).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The longest wait between reconnects. Defaults to 30 seconds (client-go).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The randomized fraction of each backoff (0 to 1). Defaults to 0.2.</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>
    /// When the caller gives no timeoutSeconds, ask the server for a random one between
    /// <see cref="MinServerTimeout"/> and twice that, as client-go does, so that many watchers do not
    /// reconnect at once. Defaults to true.
    /// </summary>
    public bool RandomizeServerTimeout { get; set; } = true;

    /// <summary>The shortest randomized server timeout. Defaults to 5 minutes (client-go).</summary>
    public TimeSpan MinServerTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most reconnects in a row that fail before an event arrives; then the last error is thrown. Defaults to unlimited (-1).</summary>
    public int MaxConsecutiveFailures { get; set; } = -1;

    /// <summary>Called before each reconnect, for logging and metrics.</summary>
    public Action<WatchReconnect>? OnReconnect { get; set; }

    /// <summary>The clock and timers used for backoff and the idle timeout (replaceable in tests).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal WatchOptions Validate()
    {
        if (IdleTimeout <= TimeSpan.Zero && IdleTimeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException("WatchOptions.IdleTimeout must be positive or Timeout.InfiniteTimeSpan.", nameof(IdleTimeout));
        }

        if (InitialBackoff < TimeSpan.Zero || MaxBackoff < TimeSpan.Zero || MinServerTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("WatchOptions backoffs must not be negative and MinServerTimeout must be positive.", nameof(InitialBackoff));
        }

        if (Jitter is < 0 or > 1 || double.IsNaN(Jitter))
        {
            throw new ArgumentException("WatchOptions.Jitter must be between 0 and 1.", nameof(Jitter));
        }

        return this;
    }

    internal TimeSpan Backoff(int failures, double random)
    {
        double ms = InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(Math.Max(failures - 1, 0), 30));
        ms = Math.Min(ms, MaxBackoff.TotalMilliseconds);
        ms *= 1 - Jitter + (2 * Jitter * random);
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxBackoff.TotalMilliseconds));
    }
}

/// <summary>Why and when a watch reconnects.</summary>
/// <param name="ResourceVersion">The resourceVersion it resumes from (null: from the current state).</param>
/// <param name="Delay">The wait before reconnecting.</param>
/// <param name="Reason">What ended the previous stream: "stream ended", "idle timeout", "connection dropped", "connect failed".</param>
/// <param name="Exception">The failure, if any.</param>
/// <param name="EventsSoFar">Events delivered by this watch so far (bookmarks included).</param>
/// <param name="BookmarksSoFar">BOOKMARK events received so far.</param>
public sealed record WatchReconnect(string? ResourceVersion, TimeSpan Delay, string Reason, Exception? Exception, long EventsSoFar, long BookmarksSoFar);

/// <summary>What one connection of a watch asks for: generated code turns it into the request's query.</summary>
/// <param name="ResourceVersion">The resourceVersion to watch from.</param>
/// <param name="TimeoutSeconds">The server-side timeout to ask for, or null.</param>
/// <param name="IsResume">True for reconnects: one-time parameters (sendInitialEvents, resourceVersionMatch) are left out.</param>
[EditorBrowsable(EditorBrowsableState.Never)] // Plumbing for generated code; users call the generated methods.
public readonly record struct WatchConnection(string? ResourceVersion, int? TimeoutSeconds, bool IsResume);
