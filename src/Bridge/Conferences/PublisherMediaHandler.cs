using System.Buffers.Binary;
using System.Text;
using OctoMesh.Media.Rtcp;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Conferences;

/// <summary>Media arriving from a publisher: RTP to its sources, sender reports to their subscribers.</summary>
internal sealed class PublisherMediaHandler(ConferenceEndpoint endpoint) : IMediaReceiver
{
    private const int MaxMidLength = 32;

    public long MalformedPackets;
    public long UnknownSsrcPackets;

    public void OnRtp(WebRtcTransport transport, Span<byte> packet)
    {
        if (!RtpHeader.TryParse(packet, out var header))
        {
            Interlocked.Increment(ref MalformedPackets);
            return;
        }

        var source = endpoint.FindSource(header.Ssrc) ?? BindByMid(packet, header);
        if (source is not null)
        {
            source.OnRtp(packet, header);
            return;
        }

        if (FindRepairedSource(header.Ssrc) is { } repaired)
        {
            repaired.OnRepair(packet, header);
            return;
        }

        Interlocked.Increment(ref UnknownSsrcPackets);
    }

    /// <summary>The source whose RTX SSRC (the offer's <c>a=ssrc-group:FID</c>, RFC 5576 §4.2) this is.</summary>
    private MediaSource? FindRepairedSource(uint ssrc)
    {
        foreach (var source in endpoint.Sources)
        {
            if (source.Description.RtxSsrc == ssrc)
            {
                return source;
            }
        }

        return null;
    }

    /// <summary>
    /// An SSRC not in the offer: match it to a source by the mid header extension
    /// (RFC 8843 §9.2, "the MID RTP header extension identifies the m= section").
    /// </summary>
    private MediaSource? BindByMid(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        foreach (var source in endpoint.Sources)
        {
            var midId = source.Description.Extensions.Mid;
            if (source.Ssrc != 0 || midId == 0 || source.Description.RtxSsrc == header.Ssrc)
            {
                continue;
            }

            if (RtpHeaderExtensions.TryFind(packet, header, midId, out var mid)
                && mid.Length <= MaxMidLength
                && Encoding.ASCII.GetByteCount(source.Description.Mid) == mid.Length
                && IsSameMid(mid, source.Description.Mid)
                && !HasRepairedStreamId(packet, header, source))
            {
                source.BindSsrc(header.Ssrc);
                return source;
            }
        }

        return null;
    }

    private static bool HasRepairedStreamId(ReadOnlySpan<byte> packet, in RtpHeader header, MediaSource source)
    {
        var repairedId = source.Description.Extensions[RtpExtensionIds.RepairedRtpStreamIdUri];
        return repairedId != 0 && RtpHeaderExtensions.TryFind(packet, header, repairedId, out _);
    }

    private static bool IsSameMid(ReadOnlySpan<byte> value, string mid)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != mid[i])
            {
                return false;
            }
        }

        return true;
    }

    public void OnRtcp(WebRtcTransport transport, Span<byte> packet)
    {
        var reader = new RtcpCompoundReader(packet);
        while (reader.TryReadNext(out var rtcp))
        {
            if (rtcp.PacketType != RtcpPacketType.SenderReport || rtcp.Packet.Length < 28)
            {
                continue;
            }

            var source = endpoint.FindSource(rtcp.SenderSsrc);
            if (source is not null)
            {
                var ntp = BinaryPrimitives.ReadUInt64BigEndian(rtcp.Packet[8..]);
                source.OnSenderReport(rtcp.Packet, ntp);
            }
        }
    }
}
