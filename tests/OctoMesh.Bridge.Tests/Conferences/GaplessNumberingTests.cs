using OctoMesh.Bridge.Conferences;

namespace OctoMesh.Bridge.Tests.Conferences;

[Trait(Tier.Name, Tier.Unit)]
public sealed class GaplessNumberingTests
{
    [Fact]
    public void Values_after_a_drop_close_up_over_it()
    {
        var numbering = Started(16, first: 100);

        numbering.Drop(101);
        numbering.Drop(102);

        Assert.Equal(101, numbering.Forward(103));
        Assert.Equal(102, numbering.Forward(104));
    }

    [Fact]
    public void A_value_lost_upstream_keeps_its_place_and_a_late_arrival_fills_it()
    {
        var numbering = Started(16, first: 10);

        Assert.Equal(12, numbering.Forward(12)); // 11 has not come yet
        numbering.Drop(13);
        Assert.Equal(13, numbering.Forward(14));

        Assert.Equal(11, numbering.Forward(11));
    }

    [Fact]
    public void A_repeated_value_comes_out_the_same_and_a_dropped_one_stays_dropped()
    {
        var numbering = Started(15, first: 7);
        numbering.Drop(8);

        Assert.Equal(8, numbering.Forward(9));
        Assert.Equal(8, numbering.Forward(9)); // the second packet of the same picture
        Assert.Equal(7, numbering.Forward(7));
        Assert.Equal(-1, numbering.Forward(8));
    }

    [Fact]
    public void Numbering_wraps_at_the_width()
    {
        var numbering = Started(15, first: 0x7FFE);
        numbering.Drop(0x7FFF);

        Assert.Equal(0x7FFF, numbering.Forward(0));
        Assert.Equal(0, numbering.Forward(1));
    }

    [Fact]
    public void A_value_older_than_the_window_is_unknown()
    {
        var numbering = Started(16, first: 0);
        for (var value = 1; value < 40; value++)
        {
            numbering.Forward(value);
        }

        Assert.Equal(-1, numbering.Forward(0));
        Assert.Equal(39, numbering.Forward(39));
    }

    [Fact]
    public void A_reset_starts_over()
    {
        var numbering = Started(16, first: 5);
        numbering.Drop(6);
        numbering.Reset(16);

        Assert.Equal(500, numbering.Forward(500));
        Assert.Equal(0, numbering.Drops);
    }

    private static GaplessNumbering Started(int bits, int first)
    {
        var numbering = new GaplessNumbering(windowSlots: 32);
        numbering.Reset(bits);
        Assert.Equal(first, numbering.Forward(first));
        return numbering;
    }
}
