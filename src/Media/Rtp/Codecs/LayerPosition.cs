namespace OctoMesh.Media.Rtp.Codecs;

/// <summary>
/// Where one video packet sits among its stream's spatial and temporal layers, read once on arrival from the
/// payload descriptor (VP8: RFC 7741 §4.2 TID and Y; VP9: RFC 9628 §4.2 SID, TID, U, B and E), so that every
/// viewer's forwarder can thin the stream without parsing it again. Codecs without layer information in their
/// payload (H.264, AV1 here) and malformed descriptors give <see cref="None"/>: layer 0, never dropped.
/// </summary>
public readonly record struct LayerPosition(
    bool HasLayers, int SpatialId, int TemporalId, bool StartsPicture, bool EndsLayerFrame, bool IsSwitchingUpPoint, int PictureId, int PictureIdBits, byte Tl0PicIdx = 0)
{
    /// <summary>Layer ids at or above this are not kept apart (VP8 TID is 2 bits; VP9 SID and TID are 3).</summary>
    public const int MaxLayerIds = 4;

    /// <summary>No layer information: the whole stream is one layer.</summary>
    public static LayerPosition None { get; } = new(false, 0, 0, false, false, false, -1, 0);

    /// <summary>Reads the layer position of a packet of <paramref name="codec"/>.</summary>
    public static LayerPosition Read(VideoCodec codec, ReadOnlySpan<byte> payload) => codec switch
    {
        VideoCodec.Vp8 => ReadVp8(payload),
        VideoCodec.Vp9 => ReadVp9(payload),
        _ => None,
    };

    // RFC 7741 §4.2: TID is present with T = 1; Y = 1 marks a frame that depends only on the base layer, so a
    // viewer may start receiving its layer there. A frame starts with S = 1 and PID = 0.
    private static LayerPosition ReadVp8(ReadOnlySpan<byte> payload)
    {
        if (!Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor))
        {
            return None;
        }

        var pictureId = descriptor.HasPictureId ? descriptor.PictureId : -1;
        var pictureIdBits = !descriptor.HasPictureId ? 0 : descriptor.HasLongPictureId ? 15 : 7;
        return new LayerPosition(descriptor.HasTid, 0, Math.Min(descriptor.TemporalLayerId, MaxLayerIds - 1), descriptor.IsStartOfFrame,
            false, descriptor.LayerSync, pictureId, pictureIdBits, descriptor.Tl0PicIdx);
    }

    // RFC 9628 §4.2: B and E bound each layer frame; a picture (a superframe) starts with its lowest spatial layer.
    private static LayerPosition ReadVp9(ReadOnlySpan<byte> payload)
    {
        if (!Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor descriptor))
        {
            return None;
        }

        var spatial = Math.Min(descriptor.SpatialLayerId, MaxLayerIds - 1);
        var temporal = Math.Min(descriptor.TemporalLayerId, MaxLayerIds - 1);
                return new LayerPosition(descriptor.HasLayerIndices, spatial, temporal, descriptor.BeginningOfFrame && spatial == 0, descriptor.EndOfFrame,
            descriptor.SwitchingUpPoint, descriptor.PictureId, descriptor.PictureId < 0 ? 0 : 15);
    }
}
