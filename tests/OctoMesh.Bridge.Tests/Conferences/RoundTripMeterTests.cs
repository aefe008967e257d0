using Microsoft.Extensions.Time.Testing;
using OctoMesh.Bridge.Conferences.Allocation;
using OctoMesh.Media.Rtcp;

namespace OctoMesh.Bridge.Tests.Conferences;

/// <summary>The round trip to a viewer from its receiver reports (RFC 3550 §6.4.1), in virtual time.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class RoundTripMeterTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_report_echoing_a_sender_report_gives_the_time_since_it_left_less_the_viewers_delay()
    {
        var meter = new RoundTripMeter(_time);
        meter.OnSenderReportSent(0x1234_5678);
        _time.Advance(TimeSpan.FromMilliseconds(150));

        Assert.True(meter.OnReportBlock(Block(lastSenderReport: 0x1234_5678, delay: TimeSpan.FromMilliseconds(50))));

        Assert.Equal(100, meter.RoundTrip.TotalMilliseconds, 1);
        Assert.Equal(1, meter.Samples);
    }

    [Fact]
    public void Later_samples_are_smoothed()
    {
        var meter = new RoundTripMeter(_time);
        foreach (var (ntp, roundTrip) in new[] { (1u, 80), (2u, 160) })
        {
            meter.OnSenderReportSent(ntp);
            _time.Advance(TimeSpan.FromMilliseconds(roundTrip));
            meter.OnReportBlock(Block(ntp, TimeSpan.Zero));
        }

        Assert.Equal(90, meter.RoundTrip.TotalMilliseconds, 1); // 7/8 of 80 plus 1/8 of 160
    }

    [Fact]
    public void A_report_naming_no_sender_report_sent_here_measures_nothing()
    {
        var meter = new RoundTripMeter(_time);
        meter.OnSenderReportSent(7);

        Assert.False(meter.OnReportBlock(Block(lastSenderReport: 0, TimeSpan.Zero)));
        Assert.False(meter.OnReportBlock(Block(lastSenderReport: 8, TimeSpan.Zero)));
        Assert.Equal(RoundTripMeter.Default, meter.RoundTrip);
        Assert.Equal(0, meter.Samples);
    }

    [Fact]
    public void A_delay_longer_than_the_time_since_sending_is_held_at_the_shortest_round_trip()
    {
        var meter = new RoundTripMeter(_time);
        meter.OnSenderReportSent(9);
        _time.Advance(TimeSpan.FromMilliseconds(10));

        Assert.True(meter.OnReportBlock(Block(9, TimeSpan.FromSeconds(5))));
        Assert.Equal(1, meter.RoundTrip.TotalMilliseconds, 1);
    }

    private static ReportBlock Block(uint lastSenderReport, TimeSpan delay) =>
        new(0x2000_0001, 0, 0, 0, 0, lastSenderReport, (uint)(delay.TotalSeconds * 65536));
}
