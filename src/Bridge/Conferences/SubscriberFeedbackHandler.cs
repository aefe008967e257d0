using OctoMesh.Media.Rtcp;
using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// RTCP from a subscriber: keyframe requests go to the publisher (RFC 4585 §6.3.1, RFC 5104 §4.3.1),
/// NACKs are answered from the bridge's cache (RFC 4585 §6.2.1), transport-cc feedback and REMB feed the viewer's
/// bandwidth estimate, and receiver reports measure the round trip to it (RFC 3550 §6.4.1).
/// </summary>
internal sealed class SubscriberFeedbackHandler(ConferenceEndpoint endpoint) : IMediaReceiver
{
    public void OnRtp(WebRtcTransport transport, Span<byte> packet)
    {
        // A subscribe-only PeerConnection sends no media; anything here is ignored.
    }

    public void OnRtcp(WebRtcTransport transport, Span<byte> packet)
    {
        var reader = new RtcpCompoundReader(packet);
        while (reader.TryReadNext(out var rtcp))
        {
            switch (rtcp.PacketType)
            {
                case RtcpPacketType.ReceiverReport when ReceiverReport.TryParse(rtcp, out var report):
                    foreach (var block in report.ReportBlocks)
                    {
                        endpoint.Bandwidth.RoundTrip.OnReportBlock(block);
                    }

                    break;
                case RtcpPacketType.PayloadSpecificFeedback when rtcp.CountOrFormat is RtcpFeedbackFormat.PictureLossIndication or RtcpFeedbackFormat.FullIntraRequest:
                    endpoint.FindDownTrack(rtcp.MediaSsrc)?.RequestKeyframe();
                    if (rtcp.CountOrFormat == RtcpFeedbackFormat.FullIntraRequest && Fir.TryParse(rtcp, out var fir))
                    {
                        foreach (var entry in fir)
                        {
                            endpoint.FindDownTrack(entry.Ssrc)?.RequestKeyframe();
                        }
                    }

                    break;
                case RtcpPacketType.TransportFeedback when rtcp.CountOrFormat == RtcpFeedbackFormat.TransportCc:
                    endpoint.Bandwidth.OnTransportFeedback(rtcp);
                    break;
                case RtcpPacketType.PayloadSpecificFeedback when rtcp.CountOrFormat == RtcpFeedbackFormat.ApplicationLayer:
                    if (Remb.TryParse(rtcp, out var remb))
                    {
                        endpoint.Bandwidth.OnRemb(remb.Bitrate);
                    }

                    break;
                case RtcpPacketType.TransportFeedback when rtcp.CountOrFormat == RtcpFeedbackFormat.GenericNack:
                    var downTrack = endpoint.FindDownTrack(rtcp.MediaSsrc);
                    if (downTrack is not null && GenericNack.TryParse(rtcp, out var nack))
                    {
                        foreach (var sequence in nack)
                        {
                            downTrack.Retransmit(sequence);
                        }
                    }

                    break;
            }
        }
    }
}
