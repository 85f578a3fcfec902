using System.Text.Json;
using SliceClientGen.Models.Tests.Kube;
using Xunit;

namespace SliceClientGen.Models.Tests;

public sealed class TimestampTests
{
    [Fact]
    public void Utc_timestamp_is_written_with_Z()
    {
        var meta = new ObjectMeta { CreationTimestamp = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero) };

        Assert.Equal("""{"creationTimestamp":"2026-01-02T03:04:05Z"}""", JsonSerializer.Serialize(meta));
    }

    [Fact]
    public void Fractional_seconds_are_kept_without_trailing_zeros()
    {
        ObjectMeta meta = JsonSerializer.Deserialize<ObjectMeta>("""{"creationTimestamp":"2026-01-02T03:04:05.123456Z"}""")!;

        Assert.Equal("""{"creationTimestamp":"2026-01-02T03:04:05.123456Z"}""", JsonSerializer.Serialize(meta));
    }

    [Fact]
    public void Non_utc_offset_is_kept()
    {
        ObjectMeta meta = JsonSerializer.Deserialize<ObjectMeta>("""{"creationTimestamp":"2026-01-02T03:04:05+02:00"}""")!;

        Assert.Equal(TimeSpan.FromHours(2), meta.CreationTimestamp!.Value.Offset);
        Assert.Equal("""{"creationTimestamp":"2026-01-02T03:04:05+02:00"}""", JsonSerializer.Serialize(meta));
    }
}
