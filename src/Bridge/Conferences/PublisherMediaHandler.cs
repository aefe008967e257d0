using System.Buffers.Binary;
using System.Text;
using OctoMesh.Media.Rtcp;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Conferences;

/// <summary>Media arriving from a publisher: RTP to its sources' layers, sender reports to their subscribers.</summary>
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

        if (endpoint.FindLayer(header.Ssrc) is { } layer)
        {
            layer.Source.OnRtp(layer, packet, header);
            return;
        }

        if (endpoint.FindRepairedLayer(header.Ssrc) is { } repaired)
        {
            repaired.Source.OnRepair(repaired, packet, header);
            return;
        }

        switch (Bind(packet, header, out var bound))
        {
            case StreamKind.Media:
                bound!.Source.OnRtp(bound, packet, header);
                return;
            case StreamKind.Repair:
                bound!.Source.OnRepair(bound, packet, header);
                return;
            default:
                Interlocked.Increment(ref UnknownSsrcPackets);
                return;
        }
    }

    /// <summary>
    /// An SSRC not in the offer: match it to a source by the mid header extension (RFC 8843 §9.2, "the MID RTP
    /// header extension identifies the m= section"), then to a layer by the RTP stream id (RFC 8852 §3.1) or, for
    /// a repair stream, the repaired RTP stream id (§3.2). A track without simulcast has one layer: its repair
    /// stream is told by the RTX payload type or the repaired stream id.
    /// </summary>
    private StreamKind Bind(ReadOnlySpan<byte> packet, in RtpHeader header, out SourceLayer? layer)
    {
        layer = null;
        var source = FindSourceByMid(packet, header);
        if (source is null)
        {
            return StreamKind.Unknown;
        }

        var extensions = source.Description.Extensions;
        var repairedId = extensions[RtpExtensionIds.RepairedRtpStreamIdUri];
        var hasRepairedRid = repairedId != 0 && RtpHeaderExtensions.TryFind(packet, header, repairedId, out _);
        var isRepair = hasRepairedRid || (source.Codec.RtxPayloadType is { } rtx && header.PayloadType == rtx);
        if (source.IsSimulcast)
        {
            var ridId = isRepair ? repairedId : extensions.RtpStreamId;
            if (ridId == 0 || !RtpHeaderExtensions.TryFind(packet, header, ridId, out var rid))
            {
                return StreamKind.Unknown;
            }

            layer = source.FindLayerByRid(rid);
        }
        else
        {
            layer = source.Layers[0];
        }

        if (layer is null || (isRepair ? layer.RtxSsrc : layer.Ssrc) != 0)
        {
            return StreamKind.Unknown;
        }

        if (isRepair)
        {
            layer.BindRtxSsrc(header.Ssrc);
        }
        else
        {
            layer.BindSsrc(header.Ssrc);
        }

        endpoint.Conference.LayerBound(endpoint);
        return isRepair ? StreamKind.Repair : StreamKind.Media;
    }

    private MediaSource? FindSourceByMid(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        foreach (var source in endpoint.Sources)
        {
            var midId = source.Description.Extensions.Mid;
            if (midId != 0
                && RtpHeaderExtensions.TryFind(packet, header, midId, out var mid)
                && mid.Length <= MaxMidLength
                && Encoding.ASCII.GetByteCount(source.Description.Mid) == mid.Length
                && RtpStreamIds.AreEqual(mid, source.Description.Mid))
            {
                return source;
            }
        }

        return null;
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

            if (endpoint.FindLayer(rtcp.SenderSsrc) is { } layer)
            {
                var ntp = BinaryPrimitives.ReadUInt64BigEndian(rtcp.Packet[8..]);
                layer.Source.OnSenderReport(layer, rtcp.Packet, ntp);
            }
        }
    }

    private enum StreamKind
    {
        Unknown,
        Media,
        Repair,
    }
}
