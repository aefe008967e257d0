namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// What a down track sent, by outgoing sequence number: which layer and source packet it was, the rewrite
/// in force then, the VP8 ids it went out with (picture ids are renumbered around dropped pictures) and whether the
/// bridge set its marker bit (a VP9 picture cut short ends on a packet the publisher did not mark), so a viewer's NACK (RFC 4585 §6.2.1) finds the right packet after layer switches, when the
/// outgoing numbers no longer follow one source stream. A ring as long as the source caches: older numbers
/// are gone from the cache anyway. Written and read on the receive thread; no allocation after construction.
/// </summary>
internal sealed class ForwardedPacketHistory
{
    public const int Slots = 512;

    private readonly Entry[] _entries = new Entry[Slots];
    private readonly long[] _retransmittedAt = new long[Slots];

    public void Record(ushort outgoingSequence, in SentPacket sent)
    {
        _entries[outgoingSequence % Slots] = new Entry(outgoingSequence, sent, true);
        _retransmittedAt[outgoingSequence % Slots] = 0;
    }

    /// <summary>
    /// Whether the packet may be sent again at <paramref name="now"/> (a <see cref="TimeProvider"/> timestamp): not if
    /// it was already repaired within <paramref name="interval"/> (a round trip), since the viewer's next NACK of it
    /// cannot yet know of that repair. Marks it repaired when it may.
    /// </summary>
    public bool TryMarkRetransmitted(ushort outgoingSequence, long now, long interval)
    {
        ref var last = ref _retransmittedAt[outgoingSequence % Slots];
        if (last != 0 && now - last < interval)
        {
            return false;
        }

        last = now;
        return true;
    }

    /// <summary>What went out as <paramref name="outgoingSequence"/>; false when the number is not (or no longer) here.</summary>
    public bool TryFind(ushort outgoingSequence, out SentPacket sent)
    {
        ref readonly var entry = ref _entries[outgoingSequence % Slots];
        sent = entry.Sent;
        return entry.IsSet && entry.OutgoingSequence == outgoingSequence;
    }

    private readonly record struct Entry(ushort OutgoingSequence, SentPacket Sent, bool IsSet);
}

/// <summary>
/// One packet a down track sent: the source layer and the spatial and temporal layer ids it came from (0 without
/// layers inside), its number there, the rewrite and VP8 ids it went out with, and whether the bridge set its marker bit.
/// </summary>
internal readonly record struct SentPacket(
    int Layer, int SpatialId, int TemporalId, ushort SourceSequence, StreamRewrite Rewrite, Vp8Ids Vp8Ids, bool MarkerAdded);

/// <summary>The VP8 picture id and TL0PICIDX a packet went out with (RFC 7741 §4.2); PictureId -1 when it had none.</summary>
internal readonly record struct Vp8Ids(int PictureId, byte Tl0PicIdx)
{
    public static Vp8Ids None => new(-1, 0);
}
