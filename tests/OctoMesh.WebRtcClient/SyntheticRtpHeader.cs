using System.Buffers.Binary;
using System.Text;
using OctoMesh.Media.Rtp;

namespace OctoMesh.Media.Client;

/// <summary>
/// Writes the RTP header (RFC 3550 §5.1) of synthetic packets, optionally with the mid header extension
/// (RFC 8843 §15.1) and the RTP stream id of a simulcast layer (RFC 8852 §3.1) in the one-byte form
/// (RFC 8285 §4.2), as browsers send them on the first packets of a stream (Chromium sends both on every
/// packet of a simulcast layer until the receiver's reports acknowledge it):
/// <code>
///  0                   1                   2                   3
/// |      0xBE     |      0xDE     |           length=N            |
/// |  ID   | L=n-1 |     mid bytes ...     |  ID   | L=m-1 |  rid bytes ...
/// |     ... rid bytes     |        0 (padding to 32 bits)         |
/// </code>
/// </summary>
internal static class SyntheticRtpHeader
{
    private const byte ExtensionBit = 0x10;
    private const int OneByteElementHeader = 1;

    // RFC 8285 §4.2: the 4-bit length field holds length - 1, so an element carries 1-16 bytes.
    private const int MaxElementLength = 16;

    /// <summary>Header size for a mid of <paramref name="midLength"/> bytes (0 for no extension).</summary>
    public static int Size(int midLength) => Size(midLength, 0);

    /// <summary>Header size for a mid and an RTP stream id of the given lengths (0 for none of each).</summary>
    public static int Size(int midLength, int ridLength)
    {
        var elements = ElementSize(midLength) + ElementSize(ridLength);
        return elements == 0
            ? RtpHeader.FixedHeaderSize
            : RtpHeader.FixedHeaderSize + RtpHeader.ExtensionHeaderSize + AlignTo4(elements);
    }

    /// <summary>Writes the header and returns its size; the mid extension is written when <paramref name="midExtensionId"/> is 1-14.</summary>
    public static int Write(Span<byte> destination, byte payloadType, ushort sequence, uint timestamp, uint ssrc, bool marker,
        int midExtensionId, ReadOnlySpan<byte> mid) =>
        Write(destination, payloadType, sequence, timestamp, ssrc, marker, midExtensionId, mid, 0, default);

    /// <summary>
    /// Writes the header and returns its size, with the mid and the RTP stream id (rid) extensions each when its id is
    /// 1-14 and its value 1-16 bytes. Throws <see cref="ArgumentException"/> when <paramref name="destination"/> is too small.
    /// </summary>
    public static int Write(Span<byte> destination, byte payloadType, ushort sequence, uint timestamp, uint ssrc, bool marker,
        int midExtensionId, ReadOnlySpan<byte> mid, int ridExtensionId, ReadOnlySpan<byte> rid)
    {
        var withMid = IsWritable(midExtensionId, mid);
        var withRid = IsWritable(ridExtensionId, rid);
        var size = Size(withMid ? mid.Length : 0, withRid ? rid.Length : 0);
        if (destination.Length < size)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the header needs {size}.", nameof(destination));
        }

        RtpWriter.WriteHeader(destination, payloadType, sequence, timestamp, ssrc, marker);
        if (!withMid && !withRid)
        {
            return size;
        }

        destination[0] |= ExtensionBit;
        var extension = destination[RtpHeader.FixedHeaderSize..size];
        extension.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(extension, RtpHeaderExtensions.OneByteProfile);
        BinaryPrimitives.WriteUInt16BigEndian(extension[2..], (ushort)((size - RtpHeader.FixedHeaderSize - RtpHeader.ExtensionHeaderSize) / 4));
        var offset = RtpHeader.ExtensionHeaderSize;
        if (withMid)
        {
            offset += WriteElement(extension[offset..], midExtensionId, mid);
        }

        if (withRid)
        {
            WriteElement(extension[offset..], ridExtensionId, rid);
        }

        return size;
    }

    /// <summary>A mid or rid as ASCII bytes (RFC 8852 §3.1: rids are alpha-numeric), once per stream.</summary>
    public static byte[] AsciiBytes(string? value) => string.IsNullOrEmpty(value) ? [] : Encoding.ASCII.GetBytes(value);

    private static bool IsWritable(int id, ReadOnlySpan<byte> value) =>
        id is >= 1 and <= RtpHeaderExtensions.OneByteMaxId && value.Length is >= 1 and <= MaxElementLength;

    private static int ElementSize(int length) => length == 0 ? 0 : OneByteElementHeader + length;

    private static int WriteElement(Span<byte> destination, int id, ReadOnlySpan<byte> value)
    {
        destination[0] = (byte)((id << 4) | (value.Length - 1));
        value.CopyTo(destination[OneByteElementHeader..]);
        return OneByteElementHeader + value.Length;
    }

    private static int AlignTo4(int length) => (length + 3) & ~3;
}
