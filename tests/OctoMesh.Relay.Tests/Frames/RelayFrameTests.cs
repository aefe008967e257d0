using OctoMesh.Relay.Frames;

namespace OctoMesh.Relay.Tests.Frames;

[Trait(Tier.Name, Tier.Unit)]
public sealed class RelayFrameTests
{
    // An RTP packet (RFC 3550 §5.1): V=2, PT=96, seq 0x1234, ts 0x01020304, SSRC 0xCAFEBABE, 4 payload bytes.
    private static readonly byte[] RtpPacket =
        [0x80, 0x60, 0x12, 0x34, 0x01, 0x02, 0x03, 0x04, 0xCA, 0xFE, 0xBA, 0xBE, 0xDE, 0xAD, 0xBE, 0xEF];

    // An RTCP receiver report with no blocks (RFC 3550 §6.4.2): V=2, PT=201, length 1, SSRC.
    private static readonly byte[] RtcpPacket = [0x80, 0xC9, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44];

    [Fact]
    public void Header_has_the_documented_layout()
    {
        var buffer = new byte[64];

        var written = RelayFrame.Write(buffer, RelayFrameKind.Rtp, 0x0102030405060708, 0xA0B0C0D0, RtpPacket, flags: 0x8001);

        Assert.Equal(RelayFrame.HeaderSize + RtpPacket.Length, written);
        Assert.Equal(
            new byte[] { 1, 1, 0x80, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0xA0, 0xB0, 0xC0, 0xD0 },
            buffer[..RelayFrame.HeaderSize]);
        Assert.Equal(RtpPacket, buffer[RelayFrame.HeaderSize..written]);
    }

    [Theory]
    [InlineData(RelayFrameKind.Rtp)]
    [InlineData(RelayFrameKind.Rtcp)]
    public void A_written_frame_parses_back(RelayFrameKind kind)
    {
        var packet = kind == RelayFrameKind.Rtp ? RtpPacket : RtcpPacket;
        var buffer = new byte[RelayFrame.HeaderSize + packet.Length];
        var written = RelayFrame.Write(buffer, kind, ulong.MaxValue - 7, 42, packet);

        Assert.True(RelayFrame.TryParse(buffer.AsSpan(0, written), out var header, out var payload));

        Assert.Equal(new RelayFrameHeader(kind, 0, ulong.MaxValue - 7, 42), header);
        Assert.Equal(packet, payload.ToArray());
    }

    [Fact]
    public void Payload_is_a_slice_of_the_input_not_a_copy()
    {
        var buffer = new byte[RelayFrame.HeaderSize + RtpPacket.Length];
        RelayFrame.Write(buffer, RelayFrameKind.Rtp, 1, 2, RtpPacket);

        Assert.True(RelayFrame.TryParse(buffer, out _, out var payload));

        Assert.True(payload.Overlaps(buffer.AsSpan(RelayFrame.HeaderSize), out var offset));
        Assert.Equal(0, offset);
    }

    [Fact]
    public void WriteHeader_frames_a_packet_already_in_place()
    {
        var buffer = new byte[RelayFrame.HeaderSize + RtpPacket.Length];
        RtpPacket.CopyTo(buffer, RelayFrame.HeaderSize);

        Assert.Equal(RelayFrame.HeaderSize, RelayFrame.WriteHeader(buffer, RelayFrameKind.Rtp, 9, 10));

        Assert.True(RelayFrame.TryParse(buffer, out var header, out var payload));
        Assert.Equal(9UL, header.ConferenceId);
        Assert.Equal(RtpPacket, payload.ToArray());
    }

    [Fact]
    public void Write_into_a_short_destination_writes_nothing_and_returns_zero()
    {
        var buffer = new byte[RelayFrame.HeaderSize + RtpPacket.Length - 1];

        Assert.Equal(0, RelayFrame.Write(buffer, RelayFrameKind.Rtp, 1, 2, RtpPacket));
        Assert.All(buffer, b => Assert.Equal(0, b));
        Assert.Equal(0, RelayFrame.WriteHeader(buffer.AsSpan(0, RelayFrame.HeaderSize - 1), RelayFrameKind.Rtp, 1, 2));
    }

    [Fact]
    public void Every_truncation_of_a_frame_is_refused()
    {
        var buffer = new byte[RelayFrame.HeaderSize + RtpPacket.Length];
        RelayFrame.Write(buffer, RelayFrameKind.Rtp, 1, 2, RtpPacket.AsSpan(0, RelayFrame.MinimumRtpSize));
        var minimumFrame = RelayFrame.HeaderSize + RelayFrame.MinimumRtpSize;

        for (var length = 0; length < minimumFrame; length++)
        {
            Assert.False(RelayFrame.TryParse(buffer.AsSpan(0, length), out var header, out var payload), $"length {length}");
            Assert.Equal(default, header);
            Assert.True(payload.IsEmpty);
        }
        Assert.True(RelayFrame.TryParse(buffer.AsSpan(0, minimumFrame), out _, out _));
    }

    [Theory]
    [InlineData(0, 1)] // version 0
    [InlineData(2, 1)] // a future version
    [InlineData(1, 0)] // kind 0
    [InlineData(1, 3)] // unknown kind
    [InlineData(1, 255)]
    public void Unknown_versions_and_kinds_are_refused(byte version, byte kind)
    {
        var buffer = new byte[RelayFrame.HeaderSize + RtpPacket.Length];
        RelayFrame.Write(buffer, RelayFrameKind.Rtp, 1, 2, RtpPacket);
        buffer[0] = version;
        buffer[1] = kind;

        Assert.False(RelayFrame.TryParse(buffer, out _, out _));
    }

    [Fact]
    public void A_payload_that_is_not_RTP_version_2_is_refused()
    {
        var buffer = new byte[RelayFrame.HeaderSize + RtpPacket.Length];
        RelayFrame.Write(buffer, RelayFrameKind.Rtp, 1, 2, RtpPacket);
        buffer[RelayFrame.HeaderSize] = 0x40; // RTP version 1

        Assert.False(RelayFrame.TryParse(buffer, out _, out _));
    }

    [Fact]
    public void Random_garbage_never_throws_and_accepts_only_well_formed_headers()
    {
        var random = new Random(20261124);
        var buffer = new byte[1500];
        var accepted = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var length = random.Next(buffer.Length + 1);
            random.NextBytes(buffer.AsSpan(0, length));
            if (i % 4 == 0 && length > 1)
            {
                buffer[0] = RelayFrame.CurrentVersion; // let some get past the first check
                buffer[1] = (byte)random.Next(0, 4);
            }
            if (RelayFrame.TryParse(buffer.AsSpan(0, length), out var header, out var payload))
            {
                accepted++;
                Assert.Equal(RelayFrame.CurrentVersion, buffer[0]);
                Assert.True(header.Kind is RelayFrameKind.Rtp or RelayFrameKind.Rtcp);
                Assert.Equal(length - RelayFrame.HeaderSize, payload.Length);
            }
        }
        Assert.True(accepted > 0, "the generator never produced a parsable frame; the test proves nothing");
    }
}
