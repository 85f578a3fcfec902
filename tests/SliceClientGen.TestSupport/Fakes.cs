using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace SliceClientGen.TestSupport;

/// <summary>The platform's test doubles as the tests set them up.</summary>
public static class Fakes
{
    /// <summary>The moment every fake clock starts at, 2030-01-01T00:00:00Z (far from any real certificate's validity edge).</summary>
    public static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A <see cref="FakeTimeProvider"/> at <paramref name="start"/> (default <see cref="Start"/>): time moves only when the test advances it.</summary>
    public static FakeTimeProvider Clock(DateTimeOffset? start = null) => new(start ?? Start);

    /// <summary>The records at <see cref="LogLevel.Warning"/> or worse a <see cref="FakeLogger"/> collected so far.</summary>
    public static IReadOnlyList<FakeLogRecord> Warnings(this FakeLogger logger) => logger.Collector.Warnings();

    /// <inheritdoc cref="Warnings(FakeLogger)"/>
    public static IReadOnlyList<FakeLogRecord> Warnings(this FakeLogCollector collector) =>
        collector.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).ToArray();
}
