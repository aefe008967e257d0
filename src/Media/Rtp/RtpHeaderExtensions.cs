namespace OctoMesh.Media.Rtp;

/// <summary>
/// Reading and rewriting RFC 8285 header extension elements in place.
/// </summary>
/// <remarks>
/// One-byte form (RFC 8285 §4.2), profile 0xBEDE:
/// <code>
///  0                   1                   2                   3
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |       0xBE    |    0xDE       |           length=3            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  ID   | L=0   |     data      |  ID   |  L=1  |   data...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Two-byte form (RFC 8285 §4.3), profile 0x100 + 4 app bits:
/// <code>
/// |       0x10    |    0x00       |           length=3            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      ID       |     L=0       |     ID        |     L=1       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |       data    |    0 (pad)    |       ID      |      L=4      |
/// </code>
/// </remarks>
public static class RtpHeaderExtensions
{
    /// <summary>The one-byte element profile (RFC 8285 §4.2).</summary>
    public const ushort OneByteProfile = 0xBEDE;

    /// <summary>The two-byte element profile with its 4 app bits cleared (RFC 8285 §4.3).</summary>
    public const ushort TwoByteProfile = 0x1000;

    /// <summary>Largest id usable in the one-byte form (15 is reserved).</summary>
    public const int OneByteMaxId = 14;

    /// <summary>Largest id usable in the two-byte form.</summary>
    public const int TwoByteMaxId = 255;

    private const ushort TwoByteProfileMask = 0xFFF0;

    /// <summary>Which RFC 8285 layout the header's extension block uses.</summary>
    public static RtpExtensionForm GetForm(in RtpHeader header)
    {
        if (!header.HasExtension)
        {
            return RtpExtensionForm.Unknown;
        }

        if (header.ExtensionProfile == OneByteProfile)
        {
            return RtpExtensionForm.OneByte;
        }

        return (header.ExtensionProfile & TwoByteProfileMask) == TwoByteProfile
            ? RtpExtensionForm.TwoByte
            : RtpExtensionForm.Unknown;
    }

    /// <summary>An allocation-free <c>foreach</c>-able walk over the extension elements.</summary>
    public static RtpHeaderExtensionEnumerator GetElements(ReadOnlySpan<byte> packet, in RtpHeader header) =>
        new(packet, header);

    /// <summary>
    /// Copies the elements into <paramref name="destination"/> and returns how many were written,
    /// or -1 when the block is malformed. Stops silently when <paramref name="destination"/> is full.
    /// </summary>
    public static int Enumerate(ReadOnlySpan<byte> packet, in RtpHeader header, Span<RtpExtensionElement> destination)
    {
        var elements = new RtpHeaderExtensionEnumerator(packet, header);
        int count = 0;
        while (count < destination.Length && elements.MoveNext())
        {
            destination[count++] = elements.Current;
        }

        return elements.IsMalformed ? -1 : count;
    }

    /// <summary>
    /// Finds the first element with local id <paramref name="id"/>. False when absent, when the block is
    /// not an RFC 8285 block, or when the block is malformed before the element is reached.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<byte> packet, in RtpHeader header, int id, out ReadOnlySpan<byte> value)
    {
        var elements = new RtpHeaderExtensionEnumerator(packet, header);
        while (elements.MoveNext())
        {
            if (elements.Current.Id == id)
            {
                value = elements.Current.GetValue(packet);
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Rewrites element ids in place through <paramref name="idMap"/>: <c>idMap[incoming] = outgoing</c>.
    /// An incoming id outside the map, or mapped to 0, is removed: the remaining elements move towards
    /// the start of the block and the freed tail is filled with zero padding bytes (RFC 8285 §4.2 allows
    /// padding between and after elements), so the packet keeps its length and layout. Existing padding
    /// is squeezed out the same way, and anything after a one-byte id 15 terminator is zeroed.
    /// Returns false, leaving the packet untouched, when the block is malformed, is not an RFC 8285 block,
    /// or an outgoing id cannot be expressed in the block's form (one-byte ids are 1..14).
    /// A packet without an extension returns true and is left unchanged.
    /// </summary>
    public static bool RewriteIds(Span<byte> packet, in RtpHeader header, ReadOnlySpan<byte> idMap)
    {
        if (!header.HasExtension)
        {
            return true;
        }

        RtpExtensionForm form = GetForm(header);
        if (form == RtpExtensionForm.Unknown)
        {
            return false;
        }

        int maxId = form == RtpExtensionForm.OneByte ? OneByteMaxId : TwoByteMaxId;
        var check = new RtpHeaderExtensionEnumerator(packet, header);
        while (check.MoveNext())
        {
            int outgoing = MapId(idMap, check.Current.Id);
            if (outgoing > maxId)
            {
                return false;
            }
        }

        if (check.IsMalformed)
        {
            return false;
        }

        int elementHeaderSize = form == RtpExtensionForm.OneByte ? 1 : 2;
        int write = header.ExtensionOffset;
        var elements = new RtpHeaderExtensionEnumerator(packet, header);
        while (elements.MoveNext())
        {
            RtpExtensionElement element = elements.Current;
            int outgoing = MapId(idMap, element.Id);
            if (outgoing == 0)
            {
                continue;
            }

            int elementStart = element.ValueOffset - elementHeaderSize;
            int elementLength = elementHeaderSize + element.ValueLength;
            // Forward move (write <= elementStart): Span.CopyTo is overlap-safe.
            packet.Slice(elementStart, elementLength).CopyTo(packet.Slice(write));
            packet[write] = form == RtpExtensionForm.OneByte
                ? (byte)((outgoing << 4) | (packet[write] & 0x0F))
                : (byte)outgoing;
            write += elementLength;
        }

        int end = header.ExtensionOffset + header.ExtensionLength;
        packet.Slice(write, end - write).Clear();
        return true;
    }

    private static int MapId(ReadOnlySpan<byte> idMap, int incoming) =>
        (uint)incoming < (uint)idMap.Length ? idMap[incoming] : 0;
}
