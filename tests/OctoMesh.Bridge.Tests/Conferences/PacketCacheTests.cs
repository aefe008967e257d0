using System.Buffers.Binary;
using OctoMesh.Bridge.Conferences;

namespace OctoMesh.Bridge.Tests.Conferences;

/// <summary>
/// The NACK cache: what a subscriber's retransmission gets is the packet it asked for, whole, or nothing,
/// even while the source's receive thread overwrites the slot at the ring's edge.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public class PacketCacheTests
{
    private const int Slots = 8;
    private const int PacketLength = 1200;

    [Fact]
    public void A_stored_packet_is_copied_back_whole_and_an_overwritten_one_is_gone()
    {
        using var cache = new PacketCache(Slots, new BufferAccounting());
        cache.Store(7, Packet(7));
        cache.Store(7 + Slots, Packet(7 + Slots));

        var copy = new byte[PacketCache.SlotSize];
        Assert.Equal(0, cache.TryCopy(7, copy));
        Assert.False(cache.Contains(7));
        Assert.True(cache.Contains(7 + Slots));
        Assert.Equal(PacketLength, cache.TryCopy(7 + Slots, copy));
        Assert.Equal(Packet(7 + Slots), copy.AsSpan(0, PacketLength).ToArray());
        Assert.Equal(0, cache.TryCopy(7 + Slots, new byte[PacketLength - 1]));
    }

    [Fact]
    public void A_copy_racing_a_store_of_the_same_slot_is_never_torn()
    {
        using var cache = new PacketCache(Slots, new BufferAccounting());
        const int CopiesWanted = 200_000;
        const int MostStores = 20_000_000;
        var copies = 0;
        var newest = -1;
        var storing = new Thread(() =>
        {
            var packet = new byte[PacketLength];
            for (var i = 0; i < MostStores && Volatile.Read(ref copies) < CopiesWanted; i++)
            {
                // Every sequence number lands in slot 0, so each store overwrites the packet a reader is copying.
                var sequence = (ushort)(i * Slots);
                Fill(packet, sequence);
                cache.Store(sequence, packet);
                Volatile.Write(ref newest, sequence);
            }
        });
        storing.Start();

        var copy = new byte[PacketCache.SlotSize];
        var torn = 0;
        while (storing.IsAlive)
        {
            // Ask for the packet just stored: the next store overwrites it, so the copy races that store.
            var wanted = Volatile.Read(ref newest);
            var length = wanted < 0 ? 0 : cache.TryCopy((ushort)wanted, copy);
            if (length == 0)
            {
                continue;
            }
            Interlocked.Increment(ref copies);
            if (length != PacketLength || !IsWhole(copy.AsSpan(0, length), (ushort)wanted))
            {
                torn++;
            }
        }
        storing.Join();

        Assert.Equal(0, torn);
        Assert.True(copies >= CopiesWanted, $"only {copies} copies succeeded in {MostStores} stores");
    }

    private static byte[] Packet(int sequence)
    {
        var packet = new byte[PacketLength];
        Fill(packet, (ushort)sequence);
        return packet;
    }

    /// <summary>The sequence number in the first two bytes, its low byte everywhere else.</summary>
    private static void Fill(byte[] packet, ushort sequence)
    {
        packet.AsSpan(2).Fill((byte)(sequence >> 3));
        BinaryPrimitives.WriteUInt16BigEndian(packet, sequence);
    }

    private static bool IsWhole(ReadOnlySpan<byte> packet, ushort sequence) =>
        BinaryPrimitives.ReadUInt16BigEndian(packet) == sequence && !packet[2..].ContainsAnyExcept((byte)(sequence >> 3));
}
