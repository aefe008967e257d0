using OctoMesh.Media.Sdp;

namespace OctoMesh.Media.Tests.Sdp;

[Trait(Tier.Name, Tier.Unit)]
public class H264ProfileLevelIdTests
{
    [Theory]
    [InlineData("42e01f", 0x42, 0xe0, 0x1f)]
    [InlineData("42001f", 0x42, 0x00, 0x1f)]
    [InlineData("4D001F", 0x4d, 0x00, 0x1f)]
    [InlineData("640c34", 0x64, 0x0c, 0x34)]
    public void Parses(string text, int profileIdc, int profileIop, int levelIdc)
    {
        Assert.True(H264ProfileLevelId.TryParse(text, out var value));
        Assert.Equal(new H264ProfileLevelId((byte)profileIdc, (byte)profileIop, (byte)levelIdc), value);
        Assert.Equal(text.ToLowerInvariant(), value.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("42e01")]
    [InlineData("42e01f0")]
    [InlineData("42g01f")]
    [InlineData(" 42e01")]
    [InlineData("-42e01")]
    public void RejectsMalformed(string? text) => Assert.False(H264ProfileLevelId.TryParse(text, out _));

    [Theory]
    [InlineData("42e01f", "42e01f", true)]   // identical
    [InlineData("42e01f", "42c01f", true)]   // both Constrained Baseline (constraint_set1 set)
    [InlineData("42e01f", "42e034", true)]   // level differs: still the same profile (RFC 6184 §8.2.2)
    [InlineData("42e01f", "42001f", false)]  // Constrained Baseline vs Baseline: constraint_set1 differs
    [InlineData("42001f", "42800a", true)]   // Baseline with and without constraint_set0
    [InlineData("42e01f", "4d001f", false)]  // Baseline family vs Main
    [InlineData("4d001f", "4d0032", true)]   // Main at two levels
    [InlineData("64001f", "4d001f", false)]  // High vs Main
    public void ProfileMatching(string a, string b, bool same)
    {
        H264ProfileLevelId.TryParse(a, out var left);
        H264ProfileLevelId.TryParse(b, out var right);

        Assert.Equal(same, left.IsSameProfile(right));
        Assert.Equal(same, right.IsSameProfile(left));
    }

    [Fact]
    public void AnswerUsesTheLowerLevel()
    {
        H264ProfileLevelId.TryParse("42e034", out var offered);
        H264ProfileLevelId.TryParse("42c01f", out var supported);

        Assert.Equal("42e01f", offered.WithLowerLevel(supported).ToString());
        Assert.Equal("42c01f", supported.WithLowerLevel(offered).ToString());
    }

    [Fact]
    public void AbsentParameterMeansBaselineLevel1()
    {
        Assert.True(H264ProfileLevelId.TryGetFrom(new RtpCodec { Name = "H264", ClockRate = 90000 }, out var value));
        Assert.Equal("420010", value.ToString());

        var bad = new RtpCodec { Name = "H264", ClockRate = 90000 };
        bad.Parameters["profile-level-id"] = "zz";
        Assert.False(H264ProfileLevelId.TryGetFrom(bad, out _));
    }

    [Theory]
    [InlineData("42e01f", "1", "42e034", "1", true)]
    [InlineData("42e01f", "0", "42e034", "1", false)]  // packetization-mode must agree
    [InlineData("42001f", "1", "42e034", "1", false)]
    [InlineData("zzzzzz", "1", "42e034", "1", false)]  // malformed offer never matches
    public void CodecMatchingUsesProfileAndPacketizationMode(string offeredProfile, string offeredMode, string supportedProfile, string supportedMode, bool matches)
    {
        var offered = new RtpCodec { Name = "H264", ClockRate = 90000 };
        offered.Parameters["profile-level-id"] = offeredProfile;
        offered.Parameters["packetization-mode"] = offeredMode;
        var supported = new RtpCodec { Name = "h264", ClockRate = 90000 };
        supported.Parameters["profile-level-id"] = supportedProfile;
        supported.Parameters["packetization-mode"] = supportedMode;

        Assert.Equal(matches, CodecMatching.Matches(offered, supported));
    }

    [Fact]
    public void Vp9ProfilesMustAgree()
    {
        var offered = new RtpCodec { Name = "VP9", ClockRate = 90000 };
        var profile2 = new RtpCodec { Name = "VP9", ClockRate = 90000 };
        profile2.Parameters["profile-id"] = "2";
        var profile0 = new RtpCodec { Name = "VP9", ClockRate = 90000 };
        profile0.Parameters["profile-id"] = "0";

        Assert.False(CodecMatching.Matches(offered, profile2));
        Assert.True(CodecMatching.Matches(offered, profile0)); // absent profile-id means 0
    }
}
