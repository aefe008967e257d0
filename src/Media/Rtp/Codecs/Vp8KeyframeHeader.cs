namespace OctoMesh.Media.Rtp.Codecs;

/// <summary>
/// The start of a VP8 key frame after the payload descriptor (RFC 6386 §9.1, RFC 7741 §4.3): the frame size.
/// </summary>
/// <remarks>
/// <code>
///  frame tag (3 bytes, P = 0 for a key frame) | 0x9d 0x01 0x2a (start code)
///  | width: 14 bits + 2 bits horizontal scale (little endian) | height: 14 bits + 2 bits vertical scale
/// </code>
/// </remarks>
public static class Vp8KeyframeHeader
{
    private const int FrameTagSize = 3;
    private const int StartCodeSize = 3;
    private const int SizeFieldsSize = 4;
    private const int DimensionMask = 0x3FFF;

    /// <summary>Reads the coded width and height from the first packet of a key frame; false if it is not one.</summary>
    public static bool TryReadSize(ReadOnlySpan<byte> payload, out int width, out int height)
    {
        width = 0;
        height = 0;
        if (!Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor) || !descriptor.IsStartOfFrame)
        {
            return false;
        }

        var frame = payload[descriptor.Size..];
        if (frame.Length < FrameTagSize + StartCodeSize + SizeFieldsSize
            || (frame[0] & 0x01) != 0
            || frame[3] != 0x9d || frame[4] != 0x01 || frame[5] != 0x2a)
        {
            return false;
        }

        width = (frame[6] | frame[7] << 8) & DimensionMask;
        height = (frame[8] | frame[9] << 8) & DimensionMask;
        return width > 0 && height > 0;
    }
}
