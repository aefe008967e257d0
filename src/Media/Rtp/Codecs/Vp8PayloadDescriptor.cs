using System.Buffers.Binary;

namespace OctoMesh.Media.Rtp.Codecs;

/// <summary>
/// The VP8 payload descriptor at the start of every VP8 RTP payload (RFC 7741 §4.2).
/// </summary>
/// <remarks>
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |X|R|N|S|R| PID | (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// X:   |I|L|T|K| RSV   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PictureID   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
///      |   PictureID   | (second byte when M = 1: 15-bit picture id)
///      +-+-+-+-+-+-+-+-+
/// L:   |   TL0PICIDX   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// T/K: |TID|Y| KEYIDX  | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly struct Vp8PayloadDescriptor
{
    /// <summary>Largest 7-bit picture id.</summary>
    public const int ShortPictureIdMask = 0x7F;

    /// <summary>Largest 15-bit picture id.</summary>
    public const int LongPictureIdMask = 0x7FFF;

    private const byte ExtendedBit = 0x80;
    private const byte NonReferenceBit = 0x20;
    private const byte StartBit = 0x10;
    private const byte PartitionIndexMask = 0x07;
    private const byte PictureIdPresentBit = 0x80;
    private const byte Tl0PicIdxPresentBit = 0x40;
    private const byte TidPresentBit = 0x20;
    private const byte KeyIdxPresentBit = 0x10;
    private const byte LongPictureIdBit = 0x80;

    private Vp8PayloadDescriptor(
        int size, bool nonReference, bool startOfPartition, int partitionIndex,
        bool hasPictureId, bool hasLongPictureId, int pictureId, bool hasTl0PicIdx, byte tl0PicIdx,
        bool hasTid, int temporalLayerId, bool layerSync, bool hasKeyIdx, int keyIdx)
    {
        Size = size;
        NonReference = nonReference;
        StartOfPartition = startOfPartition;
        PartitionIndex = partitionIndex;
        HasPictureId = hasPictureId;
        HasLongPictureId = hasLongPictureId;
        PictureId = pictureId;
        HasTl0PicIdx = hasTl0PicIdx;
        Tl0PicIdx = tl0PicIdx;
        HasTid = hasTid;
        TemporalLayerId = temporalLayerId;
        LayerSync = layerSync;
        HasKeyIdx = hasKeyIdx;
        KeyIdx = keyIdx;
    }

    /// <summary>Descriptor length in bytes; the VP8 payload header starts here.</summary>
    public int Size { get; }

    /// <summary>N bit: the frame can be discarded without affecting other frames.</summary>
    public bool NonReference { get; }

    /// <summary>S bit: this packet starts a VP8 partition.</summary>
    public bool StartOfPartition { get; }

    /// <summary>PID: the partition index (0..7).</summary>
    public int PartitionIndex { get; }

    /// <summary>True at the start of a frame: S = 1 and PID = 0.</summary>
    public bool IsStartOfFrame => StartOfPartition && PartitionIndex == 0;

    /// <summary>I bit: a picture id is present.</summary>
    public bool HasPictureId { get; }

    /// <summary>M bit: the picture id is 15 bits wide rather than 7.</summary>
    public bool HasLongPictureId { get; }

    /// <summary>The picture id (7 or 15 bits), or 0 when absent.</summary>
    public int PictureId { get; }

    /// <summary>L bit: TL0PICIDX is present.</summary>
    public bool HasTl0PicIdx { get; }

    /// <summary>Running index of temporal base layer frames.</summary>
    public byte Tl0PicIdx { get; }

    /// <summary>T bit: TID and Y are present.</summary>
    public bool HasTid { get; }

    /// <summary>TID: the temporal layer index (0..3).</summary>
    public int TemporalLayerId { get; }

    /// <summary>Y bit: layer sync.</summary>
    public bool LayerSync { get; }

    /// <summary>K bit: KEYIDX is present.</summary>
    public bool HasKeyIdx { get; }

    /// <summary>KEYIDX: temporal key frame index (0..31).</summary>
    public int KeyIdx { get; }

    /// <summary>Parses the descriptor; false when the payload is shorter than the descriptor it announces.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        byte first = payload[0];
        int offset = 1;
        bool hasPictureId = false, hasLongPictureId = false, hasTl0PicIdx = false, hasTid = false, hasKeyIdx = false;
        bool layerSync = false;
        int pictureId = 0, temporalLayerId = 0, keyIdx = 0;
        byte tl0PicIdx = 0;
        if ((first & ExtendedBit) != 0)
        {
            if (payload.Length <= offset)
            {
                return false;
            }

            byte extension = payload[offset++];
            hasPictureId = (extension & PictureIdPresentBit) != 0;
            hasTl0PicIdx = (extension & Tl0PicIdxPresentBit) != 0;
            hasTid = (extension & TidPresentBit) != 0;
            hasKeyIdx = (extension & KeyIdxPresentBit) != 0;

            if (hasPictureId)
            {
                if (payload.Length <= offset)
                {
                    return false;
                }

                hasLongPictureId = (payload[offset] & LongPictureIdBit) != 0;
                if (hasLongPictureId)
                {
                    if (payload.Length < offset + 2)
                    {
                        return false;
                    }

                    pictureId = BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset)) & LongPictureIdMask;
                    offset += 2;
                }
                else
                {
                    pictureId = payload[offset++] & ShortPictureIdMask;
                }
            }

            if (hasTl0PicIdx)
            {
                if (payload.Length <= offset)
                {
                    return false;
                }

                tl0PicIdx = payload[offset++];
            }

            if (hasTid || hasKeyIdx)
            {
                if (payload.Length <= offset)
                {
                    return false;
                }

                byte tidKey = payload[offset++];
                temporalLayerId = hasTid ? tidKey >> 6 : 0;
                layerSync = hasTid && (tidKey & 0x20) != 0;
                keyIdx = hasKeyIdx ? tidKey & 0x1F : 0;
            }
        }

        descriptor = new Vp8PayloadDescriptor(
            offset, (first & NonReferenceBit) != 0, (first & StartBit) != 0, first & PartitionIndexMask,
            hasPictureId, hasLongPictureId, pictureId, hasTl0PicIdx, tl0PicIdx,
            hasTid, temporalLayerId, layerSync, hasKeyIdx, keyIdx);
        return true;
    }

    /// <summary>
    /// Overwrites the picture id and TL0PICIDX in place, for simulcast switching. Each field is written
    /// only if the descriptor already carries it (the payload cannot grow in place); the picture id is
    /// reduced modulo the field's width (7 or 15 bits) and keeps the M bit. False when the descriptor is
    /// malformed, in which case nothing is written.
    /// </summary>
    public static bool TryRewrite(Span<byte> payload, int pictureId, byte tl0PicIdx)
    {
        if (!TryParse(payload, out Vp8PayloadDescriptor descriptor))
        {
            return false;
        }

        int offset = 2; // after the required byte and the X byte
        if (descriptor.HasPictureId)
        {
            if (descriptor.HasLongPictureId)
            {
                ushort value = (ushort)(LongPictureIdBit << 8 | (pictureId & LongPictureIdMask));
                BinaryPrimitives.WriteUInt16BigEndian(payload.Slice(offset), value);
                offset += 2;
            }
            else
            {
                payload[offset++] = (byte)(pictureId & ShortPictureIdMask);
            }
        }

        if (descriptor.HasTl0PicIdx)
        {
            payload[offset] = tl0PicIdx;
        }

        return true;
    }
}
