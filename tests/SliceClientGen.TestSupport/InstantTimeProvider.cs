namespace SliceClientGen.TestSupport;

/// <summary>
/// The system clock, with timers that fire at once: retry delays (Retry-After, backoff) are still computed and
/// reported, but the tests do not wait for them. (FakeTimeProvider is for tests that move the clock themselves.)
/// </summary>
public sealed class InstantTimeProvider : TimeProvider
{
    public static InstantTimeProvider Instance { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
}
