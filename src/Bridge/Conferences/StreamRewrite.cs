namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// The offsets that turn one layer's RTP stream into the continuous stream a viewer sees (one SSRC,
/// continuous sequence numbers, timestamps, VP8 picture ids and TL0PICIDX; RFC 7741 §4.2), fixed from
/// one layer switch to the next. All arithmetic wraps at the field's width.
/// </summary>
internal readonly record struct StreamRewrite(ushort SequenceOffset, uint TimestampOffset, int PictureIdOffset, byte Tl0PicIdxOffset);
