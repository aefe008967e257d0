using OctoMesh.Relay.WireGuard.Noise;

namespace OctoMesh.Relay.Tests.WireGuard;

/// <summary>RFC 6479 sliding window: in order, out of order within the window, too old, duplicate.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ReplayWindowTests
{
    [Fact]
    public void Accepts_counters_in_order()
    {
        ReplayWindow window = new();
        for (ulong counter = 0; counter < 5000; counter++)
        {
            Assert.Equal(ReplayCheck.Accepted, window.TryAccept(counter));
        }
    }

    [Fact]
    public void Accepts_out_of_order_counters_within_the_window_once()
    {
        ReplayWindow window = new();
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(2000));
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(1999));
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(2000 - ReplayWindow.WindowSize));
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(1500));
        Assert.Equal(ReplayCheck.Duplicate, window.TryAccept(1500));
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(2001));
    }

    [Fact]
    public void Rejects_duplicates()
    {
        ReplayWindow window = new();
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(0));
        Assert.Equal(ReplayCheck.Duplicate, window.TryAccept(0));
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(7));
        Assert.Equal(ReplayCheck.Duplicate, window.TryAccept(7));
    }

    [Fact]
    public void Rejects_counters_older_than_the_window()
    {
        ReplayWindow window = new();
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(10_000));
        Assert.Equal(ReplayCheck.TooOld, window.TryAccept(10_000 - ReplayWindow.WindowSize - 1));
        Assert.Equal(ReplayCheck.TooOld, window.TryAccept(0));
    }

    [Fact]
    public void A_jump_far_ahead_clears_stale_bits()
    {
        ReplayWindow window = new();
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(5));
        ulong far = 5 + (ReplayWindow.Blocks * ReplayWindow.BlockBits);
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(far));
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(far - 1));
        Assert.Equal(ReplayCheck.TooOld, window.TryAccept(5));
    }

    [Fact]
    public void Rejects_counters_at_REJECT_AFTER_MESSAGES()
    {
        ReplayWindow window = new();
        Assert.Equal(ReplayCheck.Exhausted, window.TryAccept(OctoMesh.Relay.WireGuard.WireGuardTimers.RejectAfterMessages));
    }
}
