using OctoMesh.Media.Rtp;

namespace OctoMesh.Media.Tests.Rtp;

/// <summary>RFC 6464 §3: the V bit and the level in -dBov.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class AudioLevelTests
{
    [Theory]
    [InlineData(0x80 | 25, 25, true)]
    [InlineData(25, 25, false)]
    [InlineData(0x7F, 127, false)]
    [InlineData(0xFF, 127, true)]
    [InlineData(0x00, 0, false)]
    public void The_byte_gives_the_voice_flag_and_the_level(byte value, int level, bool voice)
    {
        Assert.True(AudioLevel.TryRead([value, 0x00], out var read, out var voiceActivity));

        Assert.Equal(level, read);
        Assert.Equal(voice, voiceActivity);
    }

    [Fact]
    public void An_empty_element_is_no_level()
    {
        Assert.False(AudioLevel.TryRead([], out var level, out _));
        Assert.Equal(AudioLevel.Silence, level);
    }

    [Theory]
    [InlineData(127, 0)]
    [InlineData(30, 97)]
    [InlineData(0, 127)]
    [InlineData(200, 0)]
    public void Loudness_is_the_level_turned_round(int level, int loudness) => Assert.Equal(loudness, AudioLevel.Loudness(level));
}
