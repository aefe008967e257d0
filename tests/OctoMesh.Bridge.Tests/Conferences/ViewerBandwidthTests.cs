using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using OctoMesh.Bridge.Conferences.Allocation;
using OctoMesh.Media.Bwe;
using OctoMesh.Media.Rtcp;
using OctoMesh.Media.Rtp;

namespace OctoMesh.Bridge.Tests.Conferences;

/// <summary>
/// A viewer's estimate from what the bridge stamped and what the viewer reported: a feedback for the stamped packets
/// is used; a malformed one is dropped and counted and changes nothing; without transport-cc, REMB is the estimate.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ViewerBandwidthTests
{
    private const int TransportCcId = 3;

    [Fact]
    public void Feedback_for_stamped_packets_is_used()
    {
        var bandwidth = new ViewerBandwidth(new FakeTimeProvider()) { TransportCcId = TransportCcId };
        var first = StampPacket(bandwidth);
        StampPacket(bandwidth);

        // draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: both packets received, 1 ms apart.
        bandwidth.OnTransportFeedback(View(Feedback(first, count: 2, deltas: [4, 4])));

        Assert.Equal(1, bandwidth.Feedbacks);
        Assert.Equal(0, bandwidth.MalformedFeedback);
        // No queue growing, nothing lost: the rate control starts increasing from where it started.
        Assert.InRange(bandwidth.Estimate, GccEstimator.DefaultStartBitrate + 1, GccEstimator.DefaultStartBitrate * 11 / 10);
    }

    [Fact]
    public void A_malformed_feedback_is_dropped_and_counted()
    {
        var bandwidth = new ViewerBandwidth(new FakeTimeProvider()) { TransportCcId = TransportCcId };
        var first = StampPacket(bandwidth);
        var truncated = Feedback(first, count: 40, deltas: [4]);

        bandwidth.OnTransportFeedback(View(truncated));

        Assert.Equal(0, bandwidth.Feedbacks);
        Assert.Equal(1, bandwidth.MalformedFeedback);
        Assert.Equal(GccEstimator.DefaultStartBitrate, bandwidth.Estimate);
    }

    [Fact]
    public void Without_transport_cc_the_viewers_remb_is_the_estimate_and_without_either_it_is_unlimited()
    {
        var bandwidth = new ViewerBandwidth(new FakeTimeProvider());
        Assert.Equal(LayerAllocator.Unlimited, bandwidth.VideoBudget(audioTracks: 1));

        bandwidth.OnRemb(800_000);

        Assert.Equal(800_000, bandwidth.Estimate);
        Assert.Equal(800_000 - ViewerBandwidth.AudioAllowance, bandwidth.VideoBudget(audioTracks: 1));
    }

    private static ushort StampPacket(ViewerBandwidth bandwidth)
    {
        var buffer = new byte[64];
        buffer[0] = 0x80;
        buffer[1] = 96;
        Assert.True(RtpHeader.TryParse(buffer.AsSpan(0, 20), out var header));
        var length = bandwidth.Stamp(buffer, 20, header);
        Assert.True(RtpHeader.TryParse(buffer.AsSpan(0, length), out var stamped));
        Assert.True(RtpHeaderExtensions.TryFind(buffer.AsSpan(0, length), stamped, TransportCcId, out var value));
        return BinaryPrimitives.ReadUInt16BigEndian(value);
    }

    /// <summary>A transport-cc feedback: a run-length chunk of "received, small delta" for <paramref name="count"/> packets, then the deltas given.</summary>
    private static byte[] Feedback(ushort baseSequence, int count, byte[] deltas)
    {
        var length = 20 + 2 + deltas.Length;
        length = (length + 3) / 4 * 4;
        var packet = new byte[length];
        packet[0] = 0x80 | RtcpFeedbackFormat.TransportCc;
        packet[1] = 205;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)((length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 0x1111);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x2222);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), baseSequence);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), (ushort)count);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), (1u << 8) | 0);
        // Run length chunk (§3.1.3): T = 0, S = 1 (received, small delta), run length = count.
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), (ushort)((1 << 13) | count));
        deltas.CopyTo(packet, 22);
        return packet;
    }

    private static RtcpPacketView View(byte[] packet)
    {
        var reader = new RtcpCompoundReader(packet);
        Assert.True(reader.TryReadNext(out var view));
        return view;
    }
}
