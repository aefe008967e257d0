using OctoMesh.Media.Rtp.Codecs;
using static OctoMesh.Media.Tests.Rtp.TestBytes;

namespace OctoMesh.Media.Tests.Rtp;

[Trait(Tier.Name, Tier.Unit)]
public class KeyframeDetectorTests
{
    // VP8 key frame tag (RFC 6386 §9.1): P bit (LSB of the first byte) = 0, then the start code 9D 01 2A.
    private const string Vp8KeyFrame = "50 2D 00 9D012A";
    private const string Vp8InterFrame = "51 2D 00";

    [Theory]
    [InlineData("10 " + Vp8KeyFrame, true)]                   // S=1, PID=0, no extension
    [InlineData("90 80 8123 " + Vp8KeyFrame, true)]           // X, I, 15-bit picture id
    [InlineData("90 E0 12 05 40 " + Vp8KeyFrame, true)]       // X, I, L, T
    [InlineData("10 " + Vp8InterFrame, false)]                // P=1
    [InlineData("00 " + Vp8KeyFrame, false)]                  // S=0: a continuation packet
    [InlineData("11 " + Vp8KeyFrame, false)]                  // PID=1: not the first partition
    [InlineData("10", false)]                                 // no frame tag
    [InlineData("90 80", false)]                              // picture id missing
    public void DetectsVp8Keyframes(string hex, bool expected)
    {
        Assert.Equal(expected, KeyframeDetector.IsKeyframeStart(VideoCodec.Vp8, Hex(hex)));
    }

    [Theory]
    [InlineData("A8 8123 00 05 AABB", true)]       // non-flexible: I, L, B; 15-bit pid; TID/SID 0; TL0PICIDX
    [InlineData("98 05 AABB", true)]               // flexible: I, F, B; 7-bit pid
    [InlineData("8A 01 10 0280 0168 AABB", true)]  // I, B, V: SS with N_S=0, Y=1 (640x360)
    [InlineData("8A 01 18 0280 0168 01 04 AABB", true)]  // SS with one picture group, no references
    [InlineData("D8 05 02 AABB", false)]           // flexible inter frame: P set, one P_DIFF
    [InlineData("A0 8123 00 05 AABB", false)]      // B clear: not the frame's first packet
    [InlineData("A8 8123 02 05 AABB", false)]      // SID=1: an upper spatial layer
    [InlineData("8A 01 10 0280", false)]           // SS truncated
    [InlineData("D8 05 03 05 07", false)]          // P_DIFF list never ends
    [InlineData("", false)]
    public void DetectsVp9Keyframes(string hex, bool expected)
    {
        Assert.Equal(expected, KeyframeDetector.IsKeyframeStart(VideoCodec.Vp9, Hex(hex)));
    }

    [Theory]
    [InlineData("65 88 84", true)]                         // single IDR slice
    [InlineData("67 42 C0 1F", true)]                      // single SPS
    [InlineData("41 9A 02", false)]                        // non-IDR slice
    [InlineData("68 CE 3C 80", false)]                     // PPS alone
    [InlineData("78 0004 6742C01F 0003 68CE3C 0002 6588", true)]  // STAP-A: SPS, PPS, IDR
    [InlineData("78 0003 68CE3C 0002 6588", true)]         // STAP-A: PPS then IDR
    [InlineData("78 0002 419A 0002 419B", false)]          // STAP-A of non-IDR slices
    [InlineData("78 0009 6742", false)]                    // STAP-A size overruns the payload
    [InlineData("78 0000 6742", false)]                    // STAP-A zero size
    [InlineData("7C 85 88 84", true)]                      // FU-A start of IDR
    [InlineData("7C 87 42", true)]                         // FU-A start of SPS
    [InlineData("7C 05 88 84", false)]                     // FU-A middle of IDR
    [InlineData("7C 81 9A", false)]                        // FU-A start of non-IDR
    [InlineData("7C", false)]                              // FU-A without FU header
    [InlineData("", false)]
    public void DetectsH264Keyframes(string hex, bool expected)
    {
        Assert.Equal(expected, KeyframeDetector.IsKeyframeStart(VideoCodec.H264, Hex(hex)));
    }

    [Theory]
    [InlineData("18 0A0B 0000", true)]    // N=1, W=1: new coded video sequence
    [InlineData("08 0A 0B", true)]        // N=1, W=0
    [InlineData("10 320A", false)]        // N=0
    [InlineData("88 0A", false)]          // N=1 but Z=1: a continuation cannot start a sequence
    [InlineData("18", false)]             // aggregation header only
    [InlineData("", false)]
    public void DetectsAv1Keyframes(string hex, bool expected)
    {
        Assert.Equal(expected, KeyframeDetector.IsKeyframeStart(VideoCodec.Av1, Hex(hex)));
    }
}
