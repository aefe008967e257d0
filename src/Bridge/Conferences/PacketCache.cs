using System.Buffers;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// The last few hundred packets of one source, by sequence number, so the bridge answers a
/// subscriber's NACK (RFC 4585 §6.2.1) itself instead of asking the publisher. One pooled block
/// of fixed-size slots, rented on the first packet and returned on dispose: no allocation per packet.
/// </summary>
/// <remarks>
/// One thread stores (the source's receive thread) while others copy (NACK answers for their subscribers).
/// Each slot is a seqlock: <see cref="Store"/> makes the slot's version odd, writes, and makes it even again;
/// a reader copies only between two reads of the same even version, so a slot overwritten at the ring's edge
/// during the copy yields "gone", never a packet torn between two sequence numbers.
/// </remarks>
public sealed class PacketCache : IDisposable
{
    /// <summary>Largest packet kept; bigger ones are simply not cached (a MTU is ~1200 for WebRTC).</summary>
    public const int SlotSize = 1500;

    private readonly int _slotCount;
    private readonly BufferAccounting _accounting;
    private readonly ushort[] _sequence;
    private readonly int[] _length;
    private readonly int[] _version;
    private byte[]? _slots;

    public PacketCache(int slotCount, BufferAccounting accounting)
    {
        if (slotCount <= 0 || (slotCount & (slotCount - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slotCount), "slot count must be a power of two");
        }

        _slotCount = slotCount;
        _accounting = accounting;
        _sequence = new ushort[slotCount];
        _length = new int[slotCount];
        _version = new int[slotCount];
    }

    public int SlotCount => _slotCount;

    public void Store(ushort sequenceNumber, ReadOnlySpan<byte> packet)
    {
        if (packet.Length > SlotSize)
        {
            return;
        }

        var slots = _slots;
        if (slots is null)
        {
            slots = ArrayPool<byte>.Shared.Rent(_slotCount * SlotSize);
            _accounting.Add(slots.Length);
            _slots = slots;
        }

        var index = sequenceNumber & (_slotCount - 1);
        // Odd while writing: Interlocked orders the increment before the copy, Volatile.Write the copy before the release.
        var version = Interlocked.Increment(ref _version[index]);
        packet.CopyTo(slots.AsSpan(index * SlotSize, SlotSize));
        _sequence[index] = sequenceNumber;
        _length[index] = packet.Length;
        Volatile.Write(ref _version[index], version + 1);
    }

    /// <summary>True when the packet with this sequence number is cached.</summary>
    public bool Contains(ushort sequenceNumber) => TryCopy(sequenceNumber, Span<byte>.Empty, lengthOnly: true) > 0;

    /// <summary>Copy the cached packet with this sequence number into <paramref name="destination"/>; 0 if gone.</summary>
    public int TryCopy(ushort sequenceNumber, Span<byte> destination) => TryCopy(sequenceNumber, destination, lengthOnly: false);

    private int TryCopy(ushort sequenceNumber, Span<byte> destination, bool lengthOnly)
    {
        var slots = _slots;
        var index = sequenceNumber & (_slotCount - 1);
        var before = Volatile.Read(ref _version[index]);
        if (slots is null || (before & 1) != 0)
        {
            return 0;
        }

        var length = _length[index];
        if (length == 0 || _sequence[index] != sequenceNumber || (!lengthOnly && destination.Length < length))
        {
            return 0;
        }

        if (!lengthOnly)
        {
            slots.AsSpan(index * SlotSize, length).CopyTo(destination);
        }

        // The copy must be complete before the version is read again (a load-load barrier).
        Interlocked.MemoryBarrier();
        return Volatile.Read(ref _version[index]) == before ? length : 0;
    }

    public void Dispose()
    {
        var slots = Interlocked.Exchange(ref _slots, null);
        if (slots is not null)
        {
            Array.Clear(_length);
            _accounting.Remove(slots.Length);
            ArrayPool<byte>.Shared.Return(slots);
        }
    }
}
