using System.Buffers.Binary;
using OctoMesh.Media.Rtp;

namespace OctoMesh.Media.Tests.Rtp;

/// <summary>
/// The bridge stamps its own transport-wide sequence number on every packet to a viewer: into free room in the
/// block, by growing it, or by adding one; the packet still parses and its other elements and payload are intact.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class TransportSequenceNumberTests
{
    private const int TransportCcId = 5;
    private static readonly byte[] Payload = [0x10, 0x01, 0xAA, 0xBB, 0xCC];

    [Fact]
    public void A_packet_without_extensions_gets_a_one_byte_block()
    {
        var (buffer, length) = Packet(extensionBlock: null);

        var stamped = Stamp(buffer, length, 0x1234);

        Assert.Equal(length + 8, stamped);
        AssertStamped(buffer, stamped, 0x1234);
    }

    [Fact]
    public void Free_padding_in_the_block_takes_the_element_without_growing()
    {
        // Audio level (id 1, one byte), then the zeros the publisher's own transport-wide element left when removed.
        var (buffer, length) = Packet([0x10, 0x7F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);

        var stamped = Stamp(buffer, length, 7);

        Assert.Equal(length, stamped);
        AssertStamped(buffer, stamped, 7);
        Assert.True(RtpHeader.TryParse(buffer.AsSpan(0, stamped), out var header));
        Assert.True(RtpHeaderExtensions.TryFind(buffer.AsSpan(0, stamped), header, 1, out var level));
        Assert.Equal([0x7F], level.ToArray());
    }

    [Fact]
    public void A_full_block_grows_by_one_word()
    {
        // mid (id 2, two bytes "ab") and one padding byte: one byte short.
        var (buffer, length) = Packet([0x21, (byte)'a', (byte)'b', 0x00]);

        var stamped = Stamp(buffer, length, 65535);

        Assert.Equal(length + 4, stamped);
        AssertStamped(buffer, stamped, 65535);
        Assert.True(RtpHeader.TryParse(buffer.AsSpan(0, stamped), out var header));
        Assert.True(RtpHeaderExtensions.TryFind(buffer.AsSpan(0, stamped), header, 2, out var mid));
        Assert.Equal("ab"u8.ToArray(), mid.ToArray());
    }

    [Fact]
    public void A_buffer_without_room_to_grow_is_left_unstamped()
    {
        var (buffer, length) = Packet(extensionBlock: null);

        Assert.Equal(-1, TransportSequenceNumber.Write(buffer.AsSpan(0, length), length, Header(buffer, length), TransportCcId, 1));
    }

    private static int Stamp(byte[] buffer, int length, ushort sequence) =>
        TransportSequenceNumber.Write(buffer, length, Header(buffer, length), TransportCcId, sequence);

    private static RtpHeader Header(byte[] buffer, int length)
    {
        Assert.True(RtpHeader.TryParse(buffer.AsSpan(0, length), out var header));
        return header;
    }

    private static void AssertStamped(byte[] buffer, int length, ushort sequence)
    {
        var packet = buffer.AsSpan(0, length);
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(RtpHeaderExtensions.TryFind(packet, header, TransportCcId, out var value));
        Assert.Equal(sequence, BinaryPrimitives.ReadUInt16BigEndian(value));
        Assert.Equal(Payload, packet.Slice(header.PayloadOffset, header.PayloadLength).ToArray());
    }

    private static (byte[] Buffer, int Length) Packet(byte[]? extensionBlock)
    {
        // RFC 3550 §5.1 fixed header, then (RFC 8285 §4.2) 0xBEDE and the block's length in words.
        var buffer = new byte[64];
        buffer[0] = (byte)(0x80 | (extensionBlock is null ? 0 : 0x10));
        buffer[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), 0xCAFE);
        var at = 12;
        if (extensionBlock is not null)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at), RtpHeaderExtensions.OneByteProfile);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at + 2), (ushort)(extensionBlock.Length / 4));
            extensionBlock.CopyTo(buffer, at + 4);
            at += 4 + extensionBlock.Length;
        }

        Payload.CopyTo(buffer, at);
        return (buffer, at + Payload.Length);
    }
}
