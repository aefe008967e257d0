namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// What a down track sent, by outgoing sequence number: which layer and source packet it was and the rewrite
/// in force then, so a viewer's NACK (RFC 4585 §6.2.1) finds the right packet after layer switches, when the
/// outgoing numbers no longer follow one source stream. A ring as long as the source caches: older numbers
/// are gone from the cache anyway. Written and read on the receive thread; no allocation after construction.
/// </summary>
internal sealed class ForwardedPacketHistory
{
    public const int Slots = 512;

    private readonly Entry[] _entries = new Entry[Slots];

    public void Record(ushort outgoingSequence, int layer, ushort sourceSequence, in StreamRewrite rewrite) =>
        _entries[outgoingSequence % Slots] = new Entry(outgoingSequence, (byte)layer, sourceSequence, rewrite, true);

    public bool TryFind(ushort outgoingSequence, out int layer, out ushort sourceSequence, out StreamRewrite rewrite)
    {
        ref readonly var entry = ref _entries[outgoingSequence % Slots];
        layer = entry.Layer;
        sourceSequence = entry.SourceSequence;
        rewrite = entry.Rewrite;
        return entry.IsSet && entry.OutgoingSequence == outgoingSequence;
    }

    private readonly record struct Entry(ushort OutgoingSequence, byte Layer, ushort SourceSequence, StreamRewrite Rewrite, bool IsSet);
}
