namespace SliceClientGen.Runtime.Tests.Infrastructure;

/// <summary>A clock that moves only when the test says so (timers are the system's; the code under test only reads the time).</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private long _ticks = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
