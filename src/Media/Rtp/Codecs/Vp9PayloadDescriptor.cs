using System.Buffers.Binary;

namespace OctoMesh.Media.Rtp.Codecs;

/// <summary>
/// The VP9 payload descriptor (RFC 9628 §4.2, formerly draft-ietf-payload-vp9), flexible and
/// non-flexible modes. The scalability structure (V) is validated for length; its spatial layer sizes are
/// read by <see cref="TryReadSpatialLayerSizes"/>.
/// </summary>
/// <remarks>
/// <code>
///        0 1 2 3 4 5 6 7
///       +-+-+-+-+-+-+-+-+
///       |I|P|L|F|B|E|V|Z| (REQUIRED)
///       +-+-+-+-+-+-+-+-+
///  I:   |M| PICTURE ID  | (RECOMMENDED)
///       +-+-+-+-+-+-+-+-+
///  M:   | EXTENDED PID  | (RECOMMENDED)
///       +-+-+-+-+-+-+-+-+
///  L:   |  TID  |U| SID |D| (CONDITIONALLY RECOMMENDED)
///       +-+-+-+-+-+-+-+-+
///       |   TL0PICIDX   | (non-flexible mode only)
///       +-+-+-+-+-+-+-+-+                             -\
///  P,F: | P_DIFF      |N| (CONDITIONALLY REQUIRED)    - up to 3 times
///       +-+-+-+-+-+-+-+-+                             -/
///  V:   | SS            |
/// </code>
/// </remarks>
public readonly struct Vp9PayloadDescriptor
{
    private const byte PictureIdBit = 0x80;
    private const byte InterPictureBit = 0x40;
    private const byte LayerIndicesBit = 0x20;
    private const byte FlexibleBit = 0x10;
    private const byte BeginningOfFrameBit = 0x08;
    private const byte EndOfFrameBit = 0x04;
    private const byte ScalabilityStructureBit = 0x02;
    private const byte LongPictureIdBit = 0x80;
    private const byte MoreReferencesBit = 0x01;
    private const int MaxReferences = 3;
    private const int SpatialLayerSizeBytes = 4;

    private Vp9PayloadDescriptor(
        int size, bool interPicturePredicted, bool flexibleMode, bool beginningOfFrame, bool endOfFrame,
        int pictureId, bool hasLayerIndices, int temporalLayerId, bool switchingUpPoint, int spatialLayerId, bool interLayerDependency,
        bool hasScalabilityStructure)
    {
        Size = size;
        InterPicturePredicted = interPicturePredicted;
        FlexibleMode = flexibleMode;
        BeginningOfFrame = beginningOfFrame;
        EndOfFrame = endOfFrame;
        PictureId = pictureId;
        HasLayerIndices = hasLayerIndices;
        TemporalLayerId = temporalLayerId;
        SwitchingUpPoint = switchingUpPoint;
        HasScalabilityStructure = hasScalabilityStructure;
        SpatialLayerId = spatialLayerId;
        InterLayerDependency = interLayerDependency;
    }

    /// <summary>Descriptor length in bytes.</summary>
    public int Size { get; }

    /// <summary>P bit: the frame references earlier frames.</summary>
    public bool InterPicturePredicted { get; }

    /// <summary>F bit: flexible mode.</summary>
    public bool FlexibleMode { get; }

    /// <summary>B bit: first packet of a (layer) frame.</summary>
    public bool BeginningOfFrame { get; }

    /// <summary>E bit: last packet of a (layer) frame.</summary>
    public bool EndOfFrame { get; }

    /// <summary>Picture id (7 or 15 bits), -1 when absent.</summary>
    public int PictureId { get; }

    /// <summary>L bit: TID/SID are present.</summary>
    public bool HasLayerIndices { get; }

    /// <summary>Temporal layer id (0 when absent).</summary>
    public int TemporalLayerId { get; }

    /// <summary>
    /// U bit: from this picture on, pictures of higher temporal layers do not depend on earlier pictures of a
    /// temporal layer above this one's, so a forwarder may start sending them here.
    /// </summary>
    public bool SwitchingUpPoint { get; }

    /// <summary>V bit: the scalability structure follows (on keyframes).</summary>
    public bool HasScalabilityStructure { get; }

    /// <summary>Spatial layer id (0 when absent).</summary>
    public int SpatialLayerId { get; }

    /// <summary>D bit: depends on the lower spatial layer of the same picture.</summary>
    public bool InterLayerDependency { get; }

    /// <summary>Parses the descriptor; false when it is truncated.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp9PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        byte first = payload[0];
        bool flexible = (first & FlexibleBit) != 0;
        bool interPicture = (first & InterPictureBit) != 0;
        int offset = 1;
        int pictureId = -1;
        if ((first & PictureIdBit) != 0)
        {
            if (payload.Length <= offset)
            {
                return false;
            }

            if ((payload[offset] & LongPictureIdBit) != 0)
            {
                if (payload.Length < offset + 2)
                {
                    return false;
                }

                pictureId = BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset)) & 0x7FFF;
                offset += 2;
            }
            else
            {
                pictureId = payload[offset++];
            }
        }

        int temporal = 0, spatial = 0;
        bool dependency = false, switchingUp = false;
        bool hasLayers = (first & LayerIndicesBit) != 0;
        if (hasLayers)
        {
            if (payload.Length <= offset)
            {
                return false;
            }

            byte layers = payload[offset++];
            temporal = layers >> 5;
            switchingUp = (layers & 0x10) != 0;
            spatial = (layers >> 1) & 0x07;
            dependency = (layers & 0x01) != 0;
            if (!flexible)
            {
                offset++; // TL0PICIDX
            }
        }

        if (flexible && interPicture)
        {
            // RFC 9628 §4.2: up to 3 P_DIFF bytes, each with N set while another one follows.
            int references = 0;
            while (true)
            {
                if (payload.Length <= offset || references == MaxReferences)
                {
                    return false;
                }

                references++;
                if ((payload[offset++] & MoreReferencesBit) == 0)
                {
                    break;
                }
            }
        }

        if ((first & ScalabilityStructureBit) != 0 && !TrySkipScalabilityStructure(payload, ref offset))
        {
            return false;
        }

        if (payload.Length < offset)
        {
            return false;
        }

        descriptor = new Vp9PayloadDescriptor(
            offset, interPicture, flexible, (first & BeginningOfFrameBit) != 0, (first & EndOfFrameBit) != 0,
            pictureId, hasLayers, temporal, switchingUp, spatial, dependency, (first & ScalabilityStructureBit) != 0);
        return true;
    }

    /// <summary>
    /// The width and height of each spatial layer, lowest first, from the scalability structure (RFC 9628 §4.2.1,
    /// Y = 1) a keyframe carries; returns how many were written, 0 when the packet carries none.
    /// </summary>
    public static int TryReadSpatialLayerSizes(ReadOnlySpan<byte> payload, Span<(int Width, int Height)> sizes)
    {
        if (!TryParse(payload, out Vp9PayloadDescriptor descriptor) || !descriptor.HasScalabilityStructure)
        {
            return 0;
        }

        // The SS is the last part of the descriptor: find its start by parsing the fields before it again.
        int offset = 1;
        if (descriptor.PictureId >= 0)
        {
            offset += (payload[offset] & LongPictureIdBit) != 0 ? 2 : 1;
        }

        if (descriptor.HasLayerIndices)
        {
            offset += descriptor.FlexibleMode ? 1 : 2;
        }

        if (descriptor.FlexibleMode && descriptor.InterPicturePredicted)
        {
            while ((payload[offset++] & MoreReferencesBit) != 0)
            {
            }
        }

        byte header = payload[offset++];
        if ((header & 0x10) == 0)
        {
            return 0;
        }

        int count = Math.Min((header >> 5) + 1, sizes.Length);
        for (int i = 0; i < count; i++)
        {
            sizes[i] = (BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset)), BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset + 2)));
            offset += SpatialLayerSizeBytes;
        }

        return count;
    }

    // RFC 9628 §4.2.1: N_S|Y|G, then (N_S+1) x WIDTH/HEIGHT if Y, then N_G and N_G picture groups if G.
    private static bool TrySkipScalabilityStructure(ReadOnlySpan<byte> payload, ref int offset)
    {
        if (payload.Length <= offset)
        {
            return false;
        }

        byte header = payload[offset++];
        int spatialLayers = (header >> 5) + 1;
        if ((header & 0x10) != 0)
        {
            offset += spatialLayers * SpatialLayerSizeBytes;
        }

        if ((header & 0x08) != 0)
        {
            if (payload.Length <= offset)
            {
                return false;
            }

            int groups = payload[offset++];
            for (int i = 0; i < groups; i++)
            {
                if (payload.Length <= offset)
                {
                    return false;
                }

                int references = (payload[offset++] >> 2) & 0x03;
                offset += references;
            }
        }

        return payload.Length >= offset;
    }
}
