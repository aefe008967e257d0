using OctoMesh.Media.Rtp.Codecs;

namespace OctoMesh.Media.Tests.Rtp;

[Trait(Tier.Name, Tier.Unit)]
public class H264SpsSizeTests
{
    [Fact]
    public void A_constrained_baseline_sps_gives_its_size()
    {
        var sps = Sps(profile: 66, spsId: 0, widthInMacroblocks: 80, heightInMapUnits: 45, cropBottom: 0);

        Assert.True(H264SpsSize.TryRead(sps, out var width, out var height));
        Assert.Equal((1280, 720), (width, height));
    }

    [Fact]
    public void A_high_profile_sps_in_a_stap_a_gives_its_cropped_size()
    {
        // 1920×1088 coded, 8 rows cropped (4 crop units of 2 rows in 4:2:0).
        var sps = Sps(profile: 100, spsId: 0, widthInMacroblocks: 120, heightInMapUnits: 68, cropBottom: 4);
        byte[] pps = [0x68, 0xCE, 0x3C, 0x80];
        byte[] stapA = [0x18, 0, (byte)sps.Length, .. sps, 0, (byte)pps.Length, .. pps];

        Assert.True(H264SpsSize.TryRead(stapA, out var width, out var height));
        Assert.Equal((1920, 1080), (width, height));
    }

    [Fact]
    public void An_encoders_high_profile_sps_with_vui_gives_its_size()
    {
        // As x264 writes it for 1280×720 (High 3.1, VUI with timing), emulation prevention bytes included.
        byte[] sps = Convert.FromHexString("6764001FACD9405005BB0110000003001000000303C0F1831960");

        Assert.True(H264SpsSize.TryRead(sps, out var width, out var height));
        Assert.Equal((1280, 720), (width, height));
    }

    [Fact]
    public void Emulation_prevention_bytes_are_not_read_as_data()
    {
        // Profile 66 with zero constraint flags and level: "00 00" is followed by a byte below 4, so an 03 goes in.
        var sps = Sps(profile: 66, spsId: 63, widthInMacroblocks: 40, heightInMapUnits: 30, cropBottom: 0, constraints: 0, level: 0);
        Assert.Equal(0x03, sps[4]);

        Assert.True(H264SpsSize.TryRead(sps, out var width, out var height));
        Assert.Equal((640, 480), (width, height));
    }

    [Theory]
    [InlineData(new byte[] { 0x67, 0x42 })] // cut short
    [InlineData(new byte[] { 0x67, 0x42, 0xC0, 0x1F, 0x00, 0x00, 0x00, 0x00, 0x00 })] // an Exp-Golomb code longer than 31 bits
    [InlineData(new byte[] { 0x65, 0x88 })] // an IDR slice, no SPS
    [InlineData(new byte[] { 0x18, 0x00, 0x09, 0x67 })] // a STAP-A unit longer than the packet
    [InlineData(new byte[0])]
    public void A_packet_without_a_whole_sps_gives_no_size(byte[] payload)
    {
        Assert.False(H264SpsSize.TryRead(payload, out _, out _));
    }

    /// <summary>An SPS NAL unit (ITU-T H.264 §7.3.2.1.1), emulation prevention applied.</summary>
    private static byte[] Sps(int profile, int spsId, int widthInMacroblocks, int heightInMapUnits, int cropBottom, int constraints = 0xC0, int level = 31)
    {
        var bits = new BitWriter();
        bits.Write(profile, 8);
        bits.Write(constraints, 8);
        bits.Write(level, 8);
        bits.WriteUnsigned(spsId);
        if (profile == 100)
        {
            bits.WriteUnsigned(1); // chroma_format_idc 4:2:0
            bits.WriteUnsigned(0);
            bits.WriteUnsigned(0);
            bits.Write(0, 1);
            bits.Write(0, 1); // no scaling matrix
        }

        bits.WriteUnsigned(0); // log2_max_frame_num_minus4
        bits.WriteUnsigned(0); // pic_order_cnt_type 0
        bits.WriteUnsigned(2); // log2_max_pic_order_cnt_lsb_minus4
        bits.WriteUnsigned(1); // max_num_ref_frames
        bits.Write(0, 1);
        bits.WriteUnsigned(widthInMacroblocks - 1);
        bits.WriteUnsigned(heightInMapUnits - 1);
        bits.Write(1, 1); // frame_mbs_only_flag
        bits.Write(1, 1); // direct_8x8_inference_flag
        bits.Write(cropBottom > 0 ? 1 : 0, 1);
        if (cropBottom > 0)
        {
            bits.WriteUnsigned(0);
            bits.WriteUnsigned(0);
            bits.WriteUnsigned(0);
            bits.WriteUnsigned(cropBottom);
        }

        bits.Write(0, 1); // no VUI
        bits.Write(1, 1); // rbsp_stop_one_bit
        return [0x67, .. WithEmulationPrevention(bits.ToArray())];
    }

    private static byte[] WithEmulationPrevention(byte[] rbsp)
    {
        var result = new List<byte>();
        var zeros = 0;
        foreach (var value in rbsp)
        {
            if (zeros >= 2 && value <= 3)
            {
                result.Add(0x03);
                zeros = 0;
            }

            result.Add(value);
            zeros = value == 0 ? zeros + 1 : 0;
        }

        return [.. result];
    }

    private sealed class BitWriter
    {
        private readonly List<bool> _bits = [];

        public void Write(int value, int count)
        {
            for (var i = count - 1; i >= 0; i--)
            {
                _bits.Add((value >> i & 1) == 1);
            }
        }

        public void WriteUnsigned(int value)
        {
            var code = value + 1;
            var length = 32 - int.LeadingZeroCount(code);
            Write(0, length - 1);
            Write(code, length);
        }

        public byte[] ToArray()
        {
            var bytes = new byte[(_bits.Count + 7) / 8];
            for (var i = 0; i < _bits.Count; i++)
            {
                if (_bits[i])
                {
                    bytes[i / 8] |= (byte)(0x80 >> (i % 8));
                }
            }

            return bytes;
        }
    }
}
