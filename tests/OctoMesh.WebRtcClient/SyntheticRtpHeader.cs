using System.Buffers.Binary;
using System.Text;
using OctoMesh.Media.Rtp;

namespace OctoMesh.Media.Client;

/// <summary>
/// Writes the RTP header (RFC 3550 §5.1) of synthetic packets, optionally with the mid header extension
/// in the one-byte form (RFC 8285 §4.2), as browsers send it on the first packets of a stream:
/// <code>
///  0                   1                   2                   3
/// |      0xBE     |      0xDE     |           length=N            |
/// |  ID   | L=n-1 |     mid bytes ...             | 0 (padding)   |
/// </code>
/// </summary>
internal static class SyntheticRtpHeader
{
    private const byte ExtensionBit = 0x10;
    private const int OneByteElementHeader = 1;

    /// <summary>Header size for a mid of <paramref name="midLength"/> bytes (0 for no extension).</summary>
    public static int Size(int midLength) =>
        midLength == 0
            ? RtpHeader.FixedHeaderSize
            : RtpHeader.FixedHeaderSize + RtpHeader.ExtensionHeaderSize + AlignTo4(OneByteElementHeader + midLength);

    /// <summary>Writes the header and returns its size; the mid extension is written when <paramref name="midExtensionId"/> is 1-14.</summary>
    public static int Write(Span<byte> destination, byte payloadType, ushort sequence, uint timestamp, uint ssrc, bool marker,
        int midExtensionId, ReadOnlySpan<byte> mid)
    {
        var withMid = midExtensionId is >= 1 and <= RtpHeaderExtensions.OneByteMaxId && mid.Length is >= 1 and <= 16;
        var size = Size(withMid ? mid.Length : 0);
        if (destination.Length < size)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the header needs {size}.", nameof(destination));
        }

        RtpWriter.WriteHeader(destination, payloadType, sequence, timestamp, ssrc, marker);
        if (!withMid)
        {
            return size;
        }

        destination[0] |= ExtensionBit;
        var extension = destination[RtpHeader.FixedHeaderSize..size];
        extension.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(extension, RtpHeaderExtensions.OneByteProfile);
        BinaryPrimitives.WriteUInt16BigEndian(extension[2..], (ushort)((size - RtpHeader.FixedHeaderSize - RtpHeader.ExtensionHeaderSize) / 4));
        extension[RtpHeader.ExtensionHeaderSize] = (byte)((midExtensionId << 4) | (mid.Length - 1));
        mid.CopyTo(extension[(RtpHeader.ExtensionHeaderSize + OneByteElementHeader)..]);
        return size;
    }

    /// <summary>The mid as ASCII bytes, once per stream.</summary>
    public static byte[] MidBytes(string? mid) => string.IsNullOrEmpty(mid) ? [] : Encoding.ASCII.GetBytes(mid);

    private static int AlignTo4(int length) => (length + 3) & ~3;
}
