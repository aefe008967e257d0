using OctoMesh.Media.Rtp;

namespace OctoMesh.Media.Tests.Rtp;

/// <summary>RFC 4588 §4: an RTX packet turned back into the packet it repairs.</summary>
[Trait(Tier.Name, Tier.Unit)]
public class RtxPacketTests
{
    private const uint MediaSsrc = 0x1111_2222;
    private const uint RtxSsrc = 0x3333_4444;

    [Fact]
    public void UnwrapRestoresTheOriginalHeaderAndPayloadKeepingMarkerTimestampAndExtensions()
    {
        // Original: VP8 (PT 96), marker set, one one-byte extension (mid = "1"), payload 01..05.
        byte[] payload = [1, 2, 3, 4, 5];
        var original = Packet(96, 4711, MediaSsrc, marker: true, payload);
        // Its RTX: PT 97, the RTX stream's own sequence number and SSRC, OSN then the payload.
        var rtx = Packet(97, 9, RtxSsrc, marker: true, [0x12, 0x67, .. payload]);
        Assert.True(RtpHeader.TryParse(rtx, out var rtxHeader));

        Assert.True(RtxPacket.TryUnwrap(rtx, rtxHeader, MediaSsrc, 96, out var rebuilt, out var header));

        Assert.Equal(original, rebuilt.ToArray());
        Assert.Equal(4711, header.SequenceNumber);
        Assert.Equal(MediaSsrc, header.Ssrc);
        Assert.Equal(96, header.PayloadType);
        Assert.True(header.Marker);
        Assert.Equal(payload, rebuilt.Slice(header.PayloadOffset, header.PayloadLength).ToArray());
    }

    [Fact]
    public void UnwrapKeepsTrailingPadding()
    {
        byte[] payload = [9, 8, 7];
        var rtx = Packet(97, 1, RtxSsrc, marker: false, [0x00, 0x05, .. payload, 0, 0, 3], padding: true);
        Assert.True(RtpHeader.TryParse(rtx, out var rtxHeader));

        Assert.True(RtxPacket.TryUnwrap(rtx, rtxHeader, MediaSsrc, 96, out var rebuilt, out var header));

        Assert.Equal(5, header.SequenceNumber);
        Assert.Equal(payload, rebuilt.Slice(header.PayloadOffset, header.PayloadLength).ToArray());
        Assert.Equal(3, rebuilt[^1]);
    }

    [Fact]
    public void WrapThenUnwrapGivesBackTheOriginal()
    {
        var original = Packet(96, 300, MediaSsrc, marker: false, [7, 7, 7, 7]);
        Assert.True(RtpHeader.TryParse(original, out var header));
        var buffer = new byte[original.Length + RtxPacket.OriginalSequenceSize];
        original.CopyTo(buffer, 0);

        var length = RtxPacket.Wrap(buffer, original.Length, header, 300);
        RtpWriter.SetPayloadType(buffer, 97);
        RtpWriter.SetSsrc(buffer, RtxSsrc);
        Assert.True(RtpHeader.TryParse(buffer.AsSpan(0, length), out var rtxHeader));
        Assert.True(RtxPacket.TryUnwrap(buffer.AsSpan(0, length), rtxHeader, MediaSsrc, 96, out var rebuilt, out _));

        Assert.Equal(original, rebuilt.ToArray());
    }

    [Fact]
    public void APaddingOnlyProbeHasNothingToUnwrap()
    {
        var probe = Packet(97, 2, RtxSsrc, marker: false, [0, 0, 0, 4], padding: true);
        Assert.True(RtpHeader.TryParse(probe, out var header));

        Assert.False(RtxPacket.TryUnwrap(probe, header, MediaSsrc, 96, out _, out _));
    }

    private static byte[] Packet(byte payloadType, ushort sequence, uint ssrc, bool marker, byte[] payload, bool padding = false)
    {
        // 12-byte header, then a one-byte-form extension block (RFC 8285 §4.2) holding id 1, "1".
        byte[] extension = [0xBE, 0xDE, 0x00, 0x01, 0x10, (byte)'1', 0x00, 0x00];
        var packet = new byte[12 + extension.Length + payload.Length];
        RtpWriter.WriteHeader(packet, payloadType, sequence, 90_000, ssrc, marker);
        packet[0] |= 0x10;
        if (padding)
        {
            packet[0] |= 0x20;
        }

        extension.CopyTo(packet, 12);
        payload.CopyTo(packet, 12 + extension.Length);
        return packet;
    }
}
