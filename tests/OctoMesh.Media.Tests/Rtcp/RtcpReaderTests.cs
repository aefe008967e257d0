using OctoMesh.Media.Rtcp;
using static OctoMesh.Media.Tests.Rtp.TestBytes;

namespace OctoMesh.Media.Tests.Rtcp;

[Trait(Tier.Name, Tier.Unit)]
public class RtcpReaderTests
{
    [Fact]
    public void ReadsChromeSenderReportAndSdesCompound()
    {
        var reader = new RtcpCompoundReader(RtcpTestPackets.ChromeSenderReportWithSdes);

        Assert.True(reader.TryReadNext(out RtcpPacketView srView));
        Assert.Equal(RtcpPacketType.SenderReport, srView.PacketType);
        Assert.Equal(0, srView.CountOrFormat);
        Assert.Equal(28, srView.Packet.Length);
        Assert.Equal(0x1A2B3C4Du, srView.SenderSsrc);
        Assert.True(SenderReport.TryParse(srView, out SenderReport sr));
        Assert.Equal(0x1A2B3C4Du, sr.Ssrc);
        Assert.Equal(0xE93C4F5A_8F5C28F5ul, sr.NtpTimestamp);
        Assert.Equal(0x4F5A8F5Cu, sr.CompactNtp);
        Assert.Equal(2827840u, sr.RtpTimestamp);
        Assert.Equal(300u, sr.PacketCount);
        Assert.Equal(76800u, sr.OctetCount);
        Assert.Equal(0, sr.ReportBlockCount);

        Assert.True(reader.TryReadNext(out RtcpPacketView sdesView));
        Assert.Equal(RtcpPacketType.SourceDescription, sdesView.PacketType);
        Assert.True(Sdes.TryParse(sdesView, out Sdes sdes));
        Assert.Equal(1, sdes.ChunkCount);
        Assert.True(sdes.HasCname);
        Assert.Equal(0x1A2B3C4Du, sdes.CnameSsrc);
        Assert.Equal(RtcpTestPackets.ChromeCname, sdes.GetCname());

        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void ReadsReceiverReportBlocks()
    {
        var reader = new RtcpCompoundReader(RtcpTestPackets.ReceiverReportTwoBlocks);
        Assert.True(reader.TryReadNext(out RtcpPacketView view));
        Assert.True(ReceiverReport.TryParse(view, out ReceiverReport rr));

        Assert.Equal(0x11111111u, rr.Ssrc);
        Assert.Equal(2, rr.ReportBlockCount);
        Assert.Equal(new ReportBlock(0x22222222, 0x19, 258, 0x00010203, 0x40, 0xABCD1234, 0x00010000), rr.ReportBlocks[0]);
        Assert.Equal(-1, rr.ReportBlocks[1].CumulativeLost);
        Assert.Equal(0xFFFFu, rr.ReportBlocks[1].ExtendedHighestSequence);

        int seen = 0;
        foreach (ReportBlock block in rr.ReportBlocks)
        {
            Assert.Equal(rr.ReportBlocks[seen++], block);
        }

        Assert.Equal(2, seen);
        Assert.False(SenderReport.TryParse(view, out _));
    }

    [Fact]
    public void ReadsByeWithReason()
    {
        Assert.True(RtcpPacketView.TryRead(Hex("82 CB 0004 11111111 22222222 04 62796521 000000"), out RtcpPacketView view));
        Assert.True(Bye.TryParse(view, out Bye bye));

        Assert.Equal(2, bye.Ssrcs.Count);
        Assert.Equal(0x22222222u, bye.Ssrcs[1]);
        Assert.Equal("bye!"u8.ToArray(), bye.ReasonUtf8.ToArray());
    }

    [Fact]
    public void ReadsFeedbackHeaders()
    {
        Assert.True(RtcpPacketView.TryRead(Hex("81 CE 0002 11111111 22222222"), out RtcpPacketView pliView));
        Assert.True(pliView.IsFeedback);
        Assert.Equal(0x22222222u, pliView.MediaSsrc);
        Assert.True(Pli.TryParse(pliView, out Pli pli));
        Assert.Equal(new Pli(0x11111111, 0x22222222), pli);
        Assert.False(Fir.TryParse(pliView, out _));
        Assert.False(GenericNack.TryParse(pliView, out _));

        Assert.True(RtcpPacketView.TryRead(Hex("84 CE 0006 11111111 00000000 22222222 07000000 33333333 08000000"), out RtcpPacketView firView));
        Assert.True(Fir.TryParse(firView, out Fir fir));
        Assert.Equal(2, fir.Count);
        Assert.Equal(new FirEntry(0x22222222, 7), fir[0]);
        Assert.Equal(new FirEntry(0x33333333, 8), fir[1]);
    }

    [Fact]
    public void ReadsRemb()
    {
        Assert.True(RtcpPacketView.TryRead(Hex("8F CE 0006 11111111 00000000 52454D42 02 0A 3B B7 22222222 33333333"), out RtcpPacketView view));
        Assert.True(Remb.TryParse(view, out Remb remb));

        Assert.Equal(2, remb.Exponent);
        Assert.Equal(146359u, remb.Mantissa);
        Assert.Equal(585436ul, remb.Bitrate);
        Assert.Equal(2, remb.Ssrcs.Count);
        Assert.Equal(0x33333333u, remb.Ssrcs[1]);
    }

    [Fact]
    public void RembBitrateSaturatesInsteadOfOverflowing()
    {
        Assert.True(RtcpPacketView.TryRead(Hex("8F CE 0004 11111111 00000000 52454D42 00 FF FF FF"), out RtcpPacketView view));
        Assert.True(Remb.TryParse(view, out Remb remb));

        Assert.Equal(63, remb.Exponent);
        Assert.Equal(ulong.MaxValue, remb.Bitrate);
    }

    [Fact]
    public void AppFeedbackThatIsNotRembIsRejected()
    {
        Assert.True(RtcpPacketView.TryRead(Hex("8F CE 0004 11111111 00000000 41424344 00 0A 3B B7"), out RtcpPacketView view));
        Assert.False(Remb.TryParse(view, out _));
    }

    [Fact]
    public void PaddingIsExcludedFromTheContent()
    {
        byte[] padded = Hex("A1 CE 0003 11111111 22222222 00000004");
        Assert.True(RtcpPacketView.TryRead(padded, out RtcpPacketView view));

        Assert.Equal(16, view.Packet.Length);
        Assert.Equal(4, view.PaddingLength);
        Assert.Equal(12, view.Content.Length);
        Assert.True(Pli.TryParse(view, out _));
    }

    [Theory]
    [InlineData("41 CE 0002 11111111 22222222")]          // version 1
    [InlineData("81 CE 0003 11111111 22222222")]          // length runs past the data
    [InlineData("A1 CE 0002 11111111 22222200")]          // padding count 0
    [InlineData("A1 CE 0002 11111111 222222FF")]          // padding longer than the body
    [InlineData("81 CE 00")]                              // short header
    public void MalformedHeaderStopsTheCompoundReader(string hex)
    {
        byte[] compound = [.. Hex("81 CE 0002 11111111 22222222"), .. Hex(hex)];
        var reader = new RtcpCompoundReader(compound);

        Assert.True(reader.TryReadNext(out _));
        Assert.False(reader.TryReadNext(out _));
        Assert.True(reader.IsMalformed);
    }

    [Theory]
    [InlineData("81 C8 0001 11111111")]                   // SR without sender info
    [InlineData("81 C9 0001 11111111")]                   // RR announcing a block it lacks
    [InlineData("81 CA 0002 11111111 01100000")]            // SDES item overruns
    [InlineData("82 CA 0002 11111111 00000000")]          // SDES second chunk missing
    [InlineData("82 CB 0001 11111111")]                   // BYE with fewer SSRCs than SC
    [InlineData("81 CB 0002 11111111 09000000")]          // BYE reason overruns
    [InlineData("84 CE 0002 11111111 00000000")]          // FIR without entries
    [InlineData("81 CD 0002 11111111 22222222")]          // NACK without pairs
    [InlineData("8F CE 0004 11111111 00000000 52454D42 01 0A 3B B7")] // REMB missing its SSRC
    public void TypedParsersRejectShortBodies(string hex)
    {
        Assert.True(RtcpPacketView.TryRead(Hex(hex), out RtcpPacketView view));

        Assert.False(SenderReport.TryParse(view, out _));
        Assert.False(ReceiverReport.TryParse(view, out _));
        Assert.False(Sdes.TryParse(view, out _));
        Assert.False(Bye.TryParse(view, out _));
        Assert.False(Fir.TryParse(view, out _));
        Assert.False(GenericNack.TryParse(view, out _));
        Assert.False(Remb.TryParse(view, out _));
        Assert.False(TransportCcFeedback.TryParse(view, out _));
    }
}
