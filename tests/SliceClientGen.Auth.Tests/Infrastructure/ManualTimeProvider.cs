namespace SliceClientGen.Auth.Tests.Infrastructure;

/// <summary>
/// A clock that moves only when told (<see cref="Advance"/>): token reload intervals and expiry are decided by
/// it, so rotation tests need no sleeping. Timers are the system's (only plugin timeouts use them).
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now;

    /// <summary>Starts at <paramref name="start"/>, by default 2030-01-01T00:00:00Z.</summary>
    public ManualTimeProvider(DateTimeOffset? start = null) => _now = start ?? new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }
}
