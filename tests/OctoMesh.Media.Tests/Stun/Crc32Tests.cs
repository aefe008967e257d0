using System.Text;
using OctoMesh.Media.Stun;

namespace OctoMesh.Media.Tests.Stun;

[Trait(Tier.Name, Tier.Unit)]
public class Crc32Tests
{
    [Fact]
    public void CheckValue_MatchesTheStandard()
    {
        // The CRC-32 "check" value of the ASCII string "123456789".
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void EmptyInput_IsZero()
    {
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void Fingerprint_IsCrcXorStun()
    {
        var data = Encoding.ASCII.GetBytes("123456789");

        Assert.Equal(0xCBF43926u ^ 0x5354554Eu, StunFingerprint.Compute(data));
    }
}
