using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace SliceClientGen.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells the test each timer the code under test starts (its due time), so the
/// test advances the clock once the code waits, never before (a <c>Task.Delay</c> on this clock is such a timer).
/// </summary>
public sealed class WaitingClock : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    /// <summary>A clock at <see cref="Fakes.Start"/>.</summary>
    public WaitingClock()
        : base(Fakes.Start)
    {
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _timers.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Waits (at most <see cref="Waits.Guard"/>) until the code under test starts its next timer; returns its due time.</summary>
    public Task<TimeSpan> NextTimerAsync() => _timers.Reader.ReadAsync().AsTask().Within();
}
