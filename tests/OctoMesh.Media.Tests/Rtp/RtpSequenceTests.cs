using OctoMesh.Media.Rtp;

namespace OctoMesh.Media.Tests.Rtp;

[Trait(Tier.Name, Tier.Unit)]
public class RtpSequenceTests
{
    [Theory]
    [InlineData(2, 1, true)]
    [InlineData(1, 2, false)]
    [InlineData(5, 5, false)]
    [InlineData(0, 65535, true)]        // wrap
    [InlineData(10, 65530, true)]
    [InlineData(65530, 10, false)]
    [InlineData(32767, 0, true)]
    [InlineData(32768, 0, false)]       // exactly half-way: undefined, neither is newer
    [InlineData(0, 32768, false)]
    public void IsNewerFollowsSerialArithmetic(int a, int b, bool expected)
    {
        Assert.Equal(expected, RtpSequence.IsNewer((ushort)a, (ushort)b));
    }

    [Theory]
    [InlineData(2, 1, 1)]
    [InlineData(1, 2, -1)]
    [InlineData(0, 65535, 1)]
    [InlineData(65535, 0, -1)]
    [InlineData(100, 65500, 136)]
    [InlineData(32767, 0, 32767)]
    [InlineData(32768, 0, -32768)]
    public void DiffIsTheSignedDistance(int a, int b, int expected)
    {
        Assert.Equal(expected, RtpSequence.Diff((ushort)a, (ushort)b));
    }
}
