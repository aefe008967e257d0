using System.Buffers.Binary;

namespace OctoMesh.Media.Rtp.Codecs;

/// <summary>
/// Tells whether an RTP payload starts a keyframe, so the forwarder can switch a subscriber onto a
/// stream (or a simulcast layer) at a decodable point. Malformed payloads are never keyframes.
/// </summary>
public static class KeyframeDetector
{
    private const byte Vp8InterFrameBit = 0x01;
    private const int H264NalTypeMask = 0x1F;
    private const int H264IdrSlice = 5;
    private const int H264Sps = 7;
    private const int H264StapA = 24;
    private const int H264FuA = 28;
    private const byte H264FuStartBit = 0x80;
    private const int H264StapSizeFieldLength = 2;
    private const byte Av1ContinuationBit = 0x80;
    private const byte Av1NewCodedVideoSequenceBit = 0x08;

    /// <summary>True when <paramref name="payload"/> is the first packet of a keyframe.</summary>
    public static bool IsKeyframeStart(VideoCodec codec, ReadOnlySpan<byte> payload) => codec switch
    {
        VideoCodec.Vp8 => IsVp8KeyframeStart(payload),
        VideoCodec.Vp9 => IsVp9KeyframeStart(payload),
        VideoCodec.H264 => IsH264KeyframeStart(payload),
        VideoCodec.Av1 => IsAv1KeyframeStart(payload),
        _ => false,
    };

    // RFC 7741 §4.3: the first partition starts with the 3-byte frame tag whose bit 0 (P) is 0
    // for a key frame (RFC 6386 §9.1); it is only present when S = 1 and PID = 0.
    private static bool IsVp8KeyframeStart(ReadOnlySpan<byte> payload) =>
        Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor)
        && descriptor.IsStartOfFrame
        && payload.Length > descriptor.Size
        && (payload[descriptor.Size] & Vp8InterFrameBit) == 0;

    // RFC 9628 §4.2: P = 0 means no inter-picture prediction; B marks the frame's first packet.
    // With spatial layers only the base layer (SID 0) starts the decodable picture.
    private static bool IsVp9KeyframeStart(ReadOnlySpan<byte> payload) =>
        Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor descriptor)
        && !descriptor.InterPicturePredicted
        && descriptor.BeginningOfFrame
        && descriptor.SpatialLayerId == 0;

    // RFC 6184 §5.2: NAL type 1..23 single NAL unit, 24 STAP-A (§5.7.1), 28 FU-A (§5.8).
    private static bool IsH264KeyframeStart(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        int type = payload[0] & H264NalTypeMask;
        switch (type)
        {
            case H264IdrSlice:
            case H264Sps:
                return true;
            case H264StapA:
                return StapAContainsKeyframeNal(payload.Slice(1));
            case H264FuA:
                if (payload.Length < 2 || (payload[1] & H264FuStartBit) == 0)
                {
                    return false;
                }

                int fragmentType = payload[1] & H264NalTypeMask;
                return fragmentType is H264IdrSlice or H264Sps;
            default:
                return false;
        }
    }

    // RFC 6184 §5.7.1: repeated (16-bit NALU size, NALU); a size running past the payload is malformed.
    private static bool StapAContainsKeyframeNal(ReadOnlySpan<byte> units)
    {
        while (units.Length >= H264StapSizeFieldLength)
        {
            int size = BinaryPrimitives.ReadUInt16BigEndian(units);
            units = units.Slice(H264StapSizeFieldLength);
            if (size == 0 || size > units.Length)
            {
                return false;
            }

            int type = units[0] & H264NalTypeMask;
            if (type is H264IdrSlice or H264Sps)
            {
                return true;
            }

            units = units.Slice(size);
        }

        return false;
    }

    // AV1 RTP payload format §4.4: aggregation header Z|Y|W W|N|-|-|-; N = 1 on the first packet of
    // a coded video sequence, which starts with a key frame. Such a packet cannot continue an OBU
    // from an earlier packet, so Z = 1 with N = 1 is treated as malformed.
    private static bool IsAv1KeyframeStart(ReadOnlySpan<byte> payload) =>
        payload.Length > 1
        && (payload[0] & Av1NewCodedVideoSequenceBit) != 0
        && (payload[0] & Av1ContinuationBit) == 0;
}
