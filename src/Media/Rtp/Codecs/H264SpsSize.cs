using System.Buffers.Binary;

namespace OctoMesh.Media.Rtp.Codecs;

/// <summary>
/// The picture size in an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1 and §7.4.2.1.1), found in a
/// packet that carries one: a single NAL unit or a STAP-A (RFC 6184 §5.6, §5.7.1). Simulcast ranking needs it:
/// an H.264 encoder's bitrates say little about which encoding is the largest.
/// </summary>
public static class H264SpsSize
{
    private const int NalTypeMask = 0x1F;
    private const int SpsType = 7;
    private const int StapAType = 24;

    // Profiles whose SPS carries chroma format, bit depths and scaling matrices (§7.3.2.1.1).
    private static ReadOnlySpan<byte> HighProfiles => [100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135];

    /// <summary>Reads the cropped width and height from the SPS in <paramref name="payload"/>; false if it has none or it is malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out int width, out int height)
    {
        width = 0;
        height = 0;
        if (payload.IsEmpty)
        {
            return false;
        }

        var type = payload[0] & NalTypeMask;
        if (type == SpsType)
        {
            return TryParseSps(payload[1..], out width, out height);
        }

        if (type != StapAType)
        {
            return false;
        }

        var units = payload[1..];
        while (units.Length >= 2)
        {
            int size = BinaryPrimitives.ReadUInt16BigEndian(units);
            units = units[2..];
            if (size == 0 || size > units.Length)
            {
                return false;
            }

            if ((units[0] & NalTypeMask) == SpsType)
            {
                return TryParseSps(units[1..size], out width, out height);
            }

            units = units[size..];
        }

        return false;
    }

    private static bool TryParseSps(ReadOnlySpan<byte> rbsp, out int width, out int height)
    {
        width = 0;
        height = 0;
        var bits = new ExpGolombReader(rbsp);
        var profile = bits.Read(8);
        bits.Read(16); // constraint flags, level_idc
        bits.ReadUnsigned(); // seq_parameter_set_id
        var chromaFormat = 1;
        var separateColourPlanes = false;
        if (HighProfiles.Contains((byte)profile))
        {
            chromaFormat = bits.ReadUnsigned();
            if (chromaFormat == 3)
            {
                separateColourPlanes = bits.Read(1) == 1;
            }

            bits.ReadUnsigned(); // bit_depth_luma_minus8
            bits.ReadUnsigned(); // bit_depth_chroma_minus8
            bits.Read(1); // qpprime_y_zero_transform_bypass_flag
            if (bits.Read(1) == 1)
            {
                SkipScalingMatrix(ref bits, chromaFormat == 3 ? 12 : 8);
            }
        }

        bits.ReadUnsigned(); // log2_max_frame_num_minus4
        var pictureOrderCountType = bits.ReadUnsigned();
        if (pictureOrderCountType == 0)
        {
            bits.ReadUnsigned(); // log2_max_pic_order_cnt_lsb_minus4
        }
        else if (pictureOrderCountType == 1)
        {
            bits.Read(1); // delta_pic_order_always_zero_flag
            bits.ReadSigned(); // offset_for_non_ref_pic
            bits.ReadSigned(); // offset_for_top_to_bottom_field
            var cycle = bits.ReadUnsigned();
            for (var i = 0; i < cycle && bits.IsValid; i++)
            {
                bits.ReadSigned();
            }
        }

        bits.ReadUnsigned(); // max_num_ref_frames
        bits.Read(1); // gaps_in_frame_num_value_allowed_flag
        var widthInMacroblocks = bits.ReadUnsigned() + 1;
        var heightInMapUnits = bits.ReadUnsigned() + 1;
        var frameMacroblocksOnly = bits.Read(1);
        if (frameMacroblocksOnly == 0)
        {
            bits.Read(1); // mb_adaptive_frame_field_flag
        }

        bits.Read(1); // direct_8x8_inference_flag
        int cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (bits.Read(1) == 1)
        {
            cropLeft = bits.ReadUnsigned();
            cropRight = bits.ReadUnsigned();
            cropTop = bits.ReadUnsigned();
            cropBottom = bits.ReadUnsigned();
        }

        if (!bits.IsValid)
        {
            return false;
        }

        // §7.4.2.1.1, Table 6-1: the crop unit follows the chroma subsampling.
        var monochrome = chromaFormat == 0 || separateColourPlanes;
        var cropUnitX = monochrome || chromaFormat == 3 ? 1 : 2;
        var cropUnitY = (monochrome || chromaFormat != 1 ? 1 : 2) * (2 - frameMacroblocksOnly);
        width = widthInMacroblocks * 16 - (cropLeft + cropRight) * cropUnitX;
        height = (2 - frameMacroblocksOnly) * heightInMapUnits * 16 - (cropTop + cropBottom) * cropUnitY;
        return width > 0 && height > 0;
    }

    // §7.3.2.1.1.1: each present list is a run of delta_scale values until the list ends or the next scale is 0.
    private static void SkipScalingMatrix(ref ExpGolombReader bits, int lists)
    {
        for (var list = 0; list < lists && bits.IsValid; list++)
        {
            if (bits.Read(1) == 0)
            {
                continue;
            }

            var size = list < 6 ? 16 : 64;
            int last = 8, next = 8;
            for (var j = 0; j < size && bits.IsValid; j++)
            {
                if (next != 0)
                {
                    next = (last + bits.ReadSigned() + 256) % 256;
                }

                last = next == 0 ? last : next;
            }
        }
    }
}
