using System.Buffers.Binary;
using OctoMesh.Bridge.Conferences.Allocation;
using OctoMesh.Media.Rtcp;
using OctoMesh.Media.Rtp;

namespace OctoMesh.Bridge.Tests.Conferences;

/// <summary>Packets stamped by a <see cref="ViewerBandwidth"/> and the transport-cc feedback a viewer sends for them.</summary>
internal static class TransportFeedbackPackets
{
    public const int TransportCcId = 3;

    /// <summary>Stamp one empty RTP packet as the bridge does before sending; returns its transport-wide sequence number.</summary>
    public static ushort Stamp(ViewerBandwidth bandwidth)
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

    /// <summary>
    /// A transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): a run-length chunk of
    /// "received, small delta" for <paramref name="received"/> packets, one of "not received" for
    /// <paramref name="lost"/> after them, then <paramref name="deltas"/> (one byte per received packet).
    /// </summary>
    public static byte[] Feedback(ushort baseSequence, int received, byte[] deltas, int lost = 0)
    {
        var chunks = lost > 0 ? 2 : 1;
        var length = 20 + (2 * chunks) + deltas.Length;
        length = (length + 3) / 4 * 4;
        var packet = new byte[length];
        packet[0] = 0x80 | RtcpFeedbackFormat.TransportCc;
        packet[1] = 205;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)((length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 0x1111);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x2222);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), baseSequence);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), (ushort)(received + lost));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), (1u << 8) | 0);
        // Run length chunks (§3.1.3): T = 0, S = 1 (received, small delta) or 0 (not received), run length.
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), (ushort)((1 << 13) | received));
        if (lost > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), (ushort)lost);
        }

        deltas.CopyTo(packet, 20 + (2 * chunks));
        return packet;
    }

    public static RtcpPacketView View(byte[] packet)
    {
        var reader = new RtcpCompoundReader(packet);
        Assert.True(reader.TryReadNext(out var view));
        return view;
    }
}
