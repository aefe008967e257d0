using OctoMesh.Media.Rtp;
using static OctoMesh.Media.Tests.Rtp.TestBytes;

namespace OctoMesh.Media.Tests.Rtp;

[Trait(Tier.Name, Tier.Unit)]
public class RtpHeaderExtensionsTests
{
    private const string FixedHeader = "90 60 0001 00000002 00000003";

    // RFC 8285 §4.2 one-byte elements: id 1 (1 byte), padding, id 3 (3 bytes), id 5 (2 bytes), 2 padding bytes.
    private static readonly byte[] OneBytePacket = Hex(FixedHeader + "BEDE 0003 10AA 00 32010203 51BEEF 0000" + "CAFE");

    // RFC 8285 §4.3 two-byte elements: id 1 (empty), id 20 (3 bytes), padding, id 200 (2 bytes).
    private static readonly byte[] TwoBytePacket = Hex(FixedHeader + "1000 0003 0100 1403A1A2A3 00 C802B1B2" + "CAFE");

    [Fact]
    public void FindsOneByteElements()
    {
        Assert.True(RtpHeader.TryParse(OneBytePacket, out RtpHeader header));
        Assert.Equal(RtpExtensionForm.OneByte, RtpHeaderExtensions.GetForm(header));

        Assert.True(RtpHeaderExtensions.TryFind(OneBytePacket, header, 1, out ReadOnlySpan<byte> level));
        Assert.Equal(Hex("AA"), level.ToArray());
        Assert.True(RtpHeaderExtensions.TryFind(OneBytePacket, header, 3, out ReadOnlySpan<byte> sendTime));
        Assert.Equal(Hex("010203"), sendTime.ToArray());
        Assert.True(RtpHeaderExtensions.TryFind(OneBytePacket, header, 5, out ReadOnlySpan<byte> transportSeq));
        Assert.Equal(Hex("BEEF"), transportSeq.ToArray());
        Assert.False(RtpHeaderExtensions.TryFind(OneBytePacket, header, 2, out _));
    }

    [Fact]
    public void FindsTwoByteElements()
    {
        Assert.True(RtpHeader.TryParse(TwoBytePacket, out RtpHeader header));
        Assert.Equal(RtpExtensionForm.TwoByte, RtpHeaderExtensions.GetForm(header));

        Assert.True(RtpHeaderExtensions.TryFind(TwoBytePacket, header, 1, out ReadOnlySpan<byte> empty));
        Assert.True(empty.IsEmpty);
        Assert.True(RtpHeaderExtensions.TryFind(TwoBytePacket, header, 20, out ReadOnlySpan<byte> twenty));
        Assert.Equal(Hex("A1A2A3"), twenty.ToArray());
        Assert.True(RtpHeaderExtensions.TryFind(TwoBytePacket, header, 200, out ReadOnlySpan<byte> big));
        Assert.Equal(Hex("B1B2"), big.ToArray());
        Assert.False(RtpHeaderExtensions.TryFind(TwoBytePacket, header, 2, out _));
    }

    [Fact]
    public void EnumeratesElementsInOrder()
    {
        Assert.True(RtpHeader.TryParse(OneBytePacket, out RtpHeader header));
        Span<RtpExtensionElement> elements = stackalloc RtpExtensionElement[8];
        int count = RtpHeaderExtensions.Enumerate(OneBytePacket, header, elements);

        Assert.Equal(3, count);
        Assert.Equal([1, 3, 5], new[] { elements[0].Id, elements[1].Id, elements[2].Id });

        int seen = 0;
        foreach (RtpExtensionElement element in RtpHeaderExtensions.GetElements(OneBytePacket, header))
        {
            Assert.Equal(elements[seen++], element);
        }

        Assert.Equal(3, seen);
    }

    [Fact]
    public void OneByteIdFifteenStopsProcessing()
    {
        byte[] packet = Hex(FixedHeader + "BEDE 0002 10AA F0 2112 000000");
        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));

        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 1, out _));
        Assert.False(RtpHeaderExtensions.TryFind(packet, header, 2, out _));
    }

    [Fact]
    public void ElementOverrunningTheBlockIsMalformed()
    {
        byte[] packet = Hex(FixedHeader + "BEDE 0001 10AA 23AB" + "CAFE"); // id 2 says 3 bytes, 1 is left
        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));

        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 1, out _));
        Assert.False(RtpHeaderExtensions.TryFind(packet, header, 2, out _));
        Assert.Equal(-1, RtpHeaderExtensions.Enumerate(packet, header, new RtpExtensionElement[4]));
        Assert.False(RtpHeaderExtensions.RewriteIds(packet, header, IdMap((1, 1), (2, 2))));
    }

    [Fact]
    public void UnknownProfileHasNoElements()
    {
        byte[] packet = Hex(FixedHeader + "ABCD 0001 10AA0000");
        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));

        Assert.Equal(RtpExtensionForm.Unknown, RtpHeaderExtensions.GetForm(header));
        Assert.False(RtpHeaderExtensions.TryFind(packet, header, 1, out _));
        Assert.False(RtpHeaderExtensions.RewriteIds(packet, header, IdMap((1, 1))));
    }

    [Fact]
    public void RewritesOneByteIdsAndRemovesUnmappedElements()
    {
        byte[] packet = (byte[])OneBytePacket.Clone();
        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));

        // 1 -> 4, 3 removed (absent from the map), 5 -> 1
        Assert.True(RtpHeaderExtensions.RewriteIds(packet, header, IdMap((1, 4), (5, 1))));

        Assert.Equal(OneBytePacket.Length, packet.Length);
        Assert.True(RtpHeader.TryParse(packet, out RtpHeader rewritten));
        Assert.Equal(header.PayloadOffset, rewritten.PayloadOffset);
        Assert.True(RtpHeaderExtensions.TryFind(packet, rewritten, 4, out ReadOnlySpan<byte> level));
        Assert.Equal(Hex("AA"), level.ToArray());
        Assert.True(RtpHeaderExtensions.TryFind(packet, rewritten, 1, out ReadOnlySpan<byte> transportSeq));
        Assert.Equal(Hex("BEEF"), transportSeq.ToArray());
        Assert.False(RtpHeaderExtensions.TryFind(packet, rewritten, 3, out _));
        Assert.False(RtpHeaderExtensions.TryFind(packet, rewritten, 5, out _));
        Assert.Equal(Hex("40AA 11BEEF 0000000000 0000 CAFE"), packet.AsSpan(16).ToArray());
    }

    [Fact]
    public void RewritesTwoByteIds()
    {
        byte[] packet = (byte[])TwoBytePacket.Clone();
        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));

        Assert.True(RtpHeaderExtensions.RewriteIds(packet, header, IdMap((1, 0), (20, 250), (200, 7))));

        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 250, out ReadOnlySpan<byte> twenty));
        Assert.Equal(Hex("A1A2A3"), twenty.ToArray());
        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 7, out ReadOnlySpan<byte> big));
        Assert.Equal(Hex("B1B2"), big.ToArray());
        Assert.False(RtpHeaderExtensions.TryFind(packet, header, 1, out _));
        Assert.Equal(Hex("CAFE"), packet.AsSpan(header.PayloadOffset).ToArray());
    }

    [Fact]
    public void RefusesAnOutgoingIdTheOneByteFormCannotCarry()
    {
        byte[] packet = (byte[])OneBytePacket.Clone();
        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));

        Assert.False(RtpHeaderExtensions.RewriteIds(packet, header, IdMap((1, 15), (3, 3), (5, 5))));
        Assert.Equal(OneBytePacket, packet); // untouched
    }

    [Fact]
    public void PacketWithoutExtensionIsLeftAlone()
    {
        byte[] packet = Hex("80 60 0001 00000002 00000003 CAFE");
        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));

        Assert.False(RtpHeaderExtensions.TryFind(packet, header, 1, out _));
        Assert.True(RtpHeaderExtensions.RewriteIds(packet, header, IdMap((1, 2))));
    }

    private static byte[] IdMap(params (int Incoming, int Outgoing)[] pairs)
    {
        byte[] map = new byte[256];
        foreach ((int incoming, int outgoing) in pairs)
        {
            map[incoming] = (byte)outgoing;
        }

        return map;
    }
}
