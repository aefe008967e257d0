using System.Buffers;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// The last few hundred packets of one source, by sequence number, so the bridge answers a
/// subscriber's NACK (RFC 4585 §6.2.1) itself instead of asking the publisher. One pooled block
/// of fixed-size slots, rented on the first packet and returned on dispose: no allocation per packet.
/// </summary>
public sealed class PacketCache : IDisposable
{
    /// <summary>Largest packet kept; bigger ones are simply not cached (a MTU is ~1200 for WebRTC).</summary>
    public const int SlotSize = 1500;

    private readonly int _slotCount;
    private readonly BufferAccounting _accounting;
    private readonly ushort[] _sequence;
    private readonly int[] _length;
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
        packet.CopyTo(slots.AsSpan(index * SlotSize, SlotSize));
        _sequence[index] = sequenceNumber;
        Volatile.Write(ref _length[index], packet.Length);
    }

    /// <summary>True when the packet with this sequence number is cached.</summary>
    public bool Contains(ushort sequenceNumber) => Find(sequenceNumber, out _) > 0;

    /// <summary>Copy the cached packet with this sequence number into <paramref name="destination"/>; 0 if gone.</summary>
    public int TryCopy(ushort sequenceNumber, Span<byte> destination)
    {
        var length = Find(sequenceNumber, out var packet);
        if (length == 0 || destination.Length < length)
        {
            return 0;
        }

        packet.CopyTo(destination);
        return length;
    }

    /// <summary>The length of the cached packet with this sequence number (0 if gone) and its bytes.</summary>
    private int Find(ushort sequenceNumber, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        var slots = _slots;
        var index = sequenceNumber & (_slotCount - 1);
        var length = Volatile.Read(ref _length[index]);
        if (slots is null || length == 0 || _sequence[index] != sequenceNumber)
        {
            return 0;
        }

        packet = slots.AsSpan(index * SlotSize, length);
        return length;
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
