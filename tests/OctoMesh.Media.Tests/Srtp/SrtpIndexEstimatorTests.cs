using OctoMesh.Media.Srtp;

namespace OctoMesh.Media.Tests.Srtp;

/// <summary>RFC 3711 Appendix A index estimation and the §3.3.2 replay window, directly.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class SrtpIndexEstimatorTests
{
    [Theory]
    [InlineData(0x0000_0000_0000UL, 5, 0x0000_0000_0005UL)]        // same ROC
    [InlineData(0x0000_0000_FFF0UL, 0x0002, 0x0000_0001_0002UL)]   // wrapped: next ROC
    [InlineData(0x0000_0001_0002UL, 0xFFF0, 0x0000_0000_FFF0UL)]   // late packet: previous ROC
    [InlineData(0x0000_0007_9000UL, 0x0001, 0x0000_0008_0001UL)]   // s_l >= 2^15, more than 2^15 below: ROC + 1
    [InlineData(0x0000_0007_9000UL, 0x2000, 0x0000_0007_2000UL)]   // s_l >= 2^15, within 2^15 below: same ROC
    [InlineData(0x0000_0000_0064UL, 0xFDE8, 0x0000_0000_FDE8UL)]   // ROC - 1 while ROC = 0: stays 0
    public void Estimates_the_rollover_counter_as_appendix_a(ulong highestIndex, int sequenceNumber, ulong expectedIndex)
    {
        Assert.Equal(expectedIndex, SrtpIndexEstimator.Estimate(highestIndex, (ushort)sequenceNumber));
    }

    [Fact]
    public void Replay_window_tracks_64_indices_below_the_highest()
    {
        ReplayWindow window = ReplayWindow.StartingAt(1000);

        Assert.Equal(SrtpStatus.Replayed, window.Check(1000));
        Assert.Equal(SrtpStatus.Ok, window.Check(1001));
        Assert.Equal(SrtpStatus.Ok, window.Check(937));
        Assert.Equal(SrtpStatus.TooOld, window.Check(936));

        window.Accept(1100);
        Assert.Equal(1100UL, window.HighestIndex);
        Assert.Equal(SrtpStatus.TooOld, window.Check(1000));
        window.Accept(1090);
        Assert.Equal(SrtpStatus.Replayed, window.Check(1090));
        Assert.Equal(SrtpStatus.Ok, window.Check(1091));
        window.Accept(1101);
        Assert.Equal(SrtpStatus.Replayed, window.Check(1090));
        Assert.Equal(SrtpStatus.Replayed, window.Check(1100));
    }
}
