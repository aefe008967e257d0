using OctoMesh.LoadGen;

namespace OctoMesh.Bridge.Tests.LoadGen;

/// <summary>The subscribers' arithmetic: RFC 3550 loss and jitter, delay percentiles, the payload stamp.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class LoadGenStatisticsTests
{
    [Fact]
    public void Loss_counts_sequence_gaps_across_the_wrap()
    {
        var stats = new ReceiveStreamStats(1, 90_000);
        ushort sequence = 65_530;
        for (var i = 0; i < 20; i++, sequence++)
        {
            if (i is 3 or 8 or 9)
            {
                continue;
            }

            stats.Record(sequence, 3000u * (uint)i, 3000L * i);
        }

        Assert.Equal(20, stats.Expected);
        Assert.Equal(17, stats.Received);
        Assert.Equal(3, stats.Lost);
    }

    [Fact]
    public void Jitter_is_zero_for_perfect_pacing_and_grows_with_arrival_variation()
    {
        var steady = new ReceiveStreamStats(1, 48_000);
        var shaky = new ReceiveStreamStats(2, 48_000);
        for (var i = 0; i < 200; i++)
        {
            steady.Record((ushort)i, 960u * (uint)i, 960L * i);
            shaky.Record((ushort)i, 960u * (uint)i, (960L * i) + (i % 2 == 0 ? 0 : 480));
        }

        Assert.Equal(0, steady.JitterMilliseconds);

        // Every transit change is 480 units (10 ms at 48 kHz): the estimate converges to 10 ms.
        Assert.InRange(shaky.JitterMilliseconds, 9.9, 10.0);
    }

    [Fact]
    public void Delay_percentiles_are_within_two_percent()
    {
        var histogram = new DelayHistogram();
        for (var i = 1; i <= 10_000; i++)
        {
            histogram.Record(i * 1000L);
        }

        Assert.InRange(histogram.Percentile(50), 4_900_000, 5_100_000);
        Assert.InRange(histogram.Percentile(99), 9_800_000, 10_000_000);
        Assert.Equal(10_000_000, histogram.Max);
    }

    [Fact]
    public void The_stamp_round_trips_and_is_not_found_in_unstamped_payloads()
    {
        var payload = new byte[100];
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)(0x40 + i);
        }

        Assert.False(SendTimestamp.TryRead(payload, out _));
        Assert.True(SendTimestamp.TryWrite(payload, 123_456_789_012));
        Assert.True(SendTimestamp.TryRead(payload, out var stamp));
        Assert.Equal(123_456_789_012, stamp);
        Assert.False(SendTimestamp.TryWrite(new byte[SendTimestamp.MinPayloadSize - 1], 1));
    }
}
