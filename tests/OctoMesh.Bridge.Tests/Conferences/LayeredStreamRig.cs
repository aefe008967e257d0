using System.Buffers.Binary;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Tests.MediaPath;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Srtp;
using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Tests.Conferences;

/// <summary>
/// One local video source with layers inside its stream (VP8 temporal layers, VP9 SVC) and one viewer's down track
/// on a real transport keyed for testing: the test feeds the source RTP packets built here and reads, unprotected,
/// what the viewer's socket got.
/// </summary>
internal sealed class LayeredStreamRig : IDisposable
{
    public const uint PublisherSsrc = 0x5151_0001;
    public const uint ViewerSsrc = 0x6161_0001;
    public static readonly NegotiatedCodec Vp8 = new("VP8", 90000, 1, PayloadType: 96, RtxPayloadType: null, Fmtp: null);
    public const uint ViewerRtxSsrc = 0x6161_0002;
    public static readonly NegotiatedCodec Vp8WithRtx = new("VP8", 90000, 1, PayloadType: 96, RtxPayloadType: 97, Fmtp: null);
    public static readonly NegotiatedCodec Vp9 = new("VP9", 90000, 1, PayloadType: 98, RtxPayloadType: null, Fmtp: null);
    public static readonly NegotiatedCodec Vp9WithRtx = new("VP9", 90000, 1, PayloadType: 98, RtxPayloadType: 99, Fmtp: null);
    public static readonly NegotiatedCodec H264WithRtx = new("H264", 90000, 1, PayloadType: 102, RtxPayloadType: 103, Fmtp: null);

    private readonly MediaServer _server;
    private readonly System.Net.Sockets.Socket _viewerSocket;
    private readonly SrtpContext _viewerInbound;
    private ushort _sequence = 1000;
    private uint _timestamp = 90_000;
    private long _received;

    public LayeredStreamRig(NegotiatedCodec codec, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        _server = new MediaServer(new IPEndPoint(IPAddress.Loopback, 0), new CountingMetrics(), TimeProvider.System, NullLoggerFactory.Instance)
        {
            ConsentTimeout = TimeSpan.FromHours(1),
        };
        var conference = new Conference("layered");
        var publisher = new ConferenceEndpoint("publisher", "Publisher", EndpointRole.Participant, conference, time);
        Source = new MediaSource(publisher, new SourceDescription(TrackKind.Video, "1", PublisherSsrc, null, codec, RtpExtensionIds.None, "video"),
            new BufferAccounting(), time);
        publisher.SetSources([Source]);

        _viewerSocket = MediaPathRig.Bound();
        _viewerSocket.ReceiveTimeout = 5000;
        var transport = _server.CreateTransport();
        var (bridgeInbound, _) = MediaPathRig.ContextPair();
        var (bridgeOutbound, viewerInbound) = MediaPathRig.ContextPair();
        _viewerInbound = viewerInbound;
        transport.ConnectForTesting(bridgeInbound, bridgeOutbound, _viewerSocket.LocalEndPoint!.Serialize());
        var viewer = new ConferenceEndpoint("viewer", "Viewer", EndpointRole.WhepViewer, conference, time);
        viewer.AttachSubscribeTransport(transport);
        DownTrack = new DownTrack(Source, viewer, transport, ViewerSsrc, ViewerRtxSsrc, codec, RtpExtensionIds.None);
        viewer.AddDownTrack(DownTrack);
    }

    public MediaSource Source { get; }

    public DownTrack DownTrack { get; }

    /// <summary>A VP8 frame of <paramref name="packets"/> packets (RFC 7741 §4.2 descriptor with picture id, TL0PICIDX, TID and Y).</summary>
    public IReadOnlyList<byte[]> Vp8Frame(int pictureId, byte tl0PicIdx, int temporal, bool sync, bool keyframe, int packets = 2)
    {
        var frame = new List<byte[]>();
        _timestamp += 3000;
        for (var i = 0; i < packets; i++)
        {
            byte[] descriptor = [(byte)(i == 0 ? 0x90 : 0x80), 0xE0, (byte)(0x80 | pictureId >> 8), (byte)pictureId, tl0PicIdx, (byte)(temporal << 6 | (sync ? 0x20 : 0))];
            // RFC 6386 §9.1: frame tag (P = 0 on a keyframe), start code, 14-bit width and height (320×180).
            byte[] body = i == 0 && keyframe ? [0x00, 0x00, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xB4, 0x00] : [0x01, 0x02, 0x03, 0x04];
            frame.Add(Rtp(Vp8.PayloadType, [.. descriptor, .. body], marker: i == packets - 1));
        }

        return frame;
    }

    /// <summary>
    /// A VP9 SVC picture in flexible mode (RFC 9628 §4.2), one packet per spatial layer frame (B and E set), the
    /// marker on the top one; a keyframe has P = 0 and the scalability structure on its first packet.
    /// </summary>
    public IReadOnlyList<byte[]> Vp9Picture(int pictureId, int temporal, bool switchingUp, bool keyframe, int spatialLayers = 3)
    {
        var picture = new List<byte[]>();
        _timestamp += 3000;
        for (var spatial = 0; spatial < spatialLayers; spatial++)
        {
            var first = (byte)(0x80 | 0x20 | 0x10 | 0x08 | 0x04 | (keyframe ? 0 : 0x40) | (keyframe && spatial == 0 ? 0x02 : 0));
            var layers = (byte)(temporal << 5 | (switchingUp ? 0x10 : 0) | spatial << 1 | (spatial > 0 && keyframe ? 1 : 0));
            var descriptor = new List<byte> { first, (byte)(0x80 | pictureId >> 8), (byte)pictureId, layers };
            if (!keyframe)
            {
                descriptor.Add(0x02); // P_DIFF 1
            }
            else if (spatial == 0)
            {
                // SS: N_S = 2, Y = 1, G = 0; 320×180, 640×360, 1280×720.
                descriptor.AddRange([0x50, 0x01, 0x40, 0x00, 0xB4, 0x02, 0x80, 0x01, 0x68, 0x05, 0x00, 0x02, 0xD0]);
            }

            picture.Add(Rtp(Vp9.PayloadType, [.. descriptor, (byte)spatial, 0xAA], marker: spatial == spatialLayers - 1));
        }

        return picture;
    }

    /// <summary>
    /// An H.264 IDR picture as OpenH264 sends one (RFC 6184): a STAP-A with SPS and PPS, then two slices, each a
    /// single NAL unit; all three packets start a keyframe NAL.
    /// </summary>
    public IReadOnlyList<byte[]> H264Keyframe()
    {
        _timestamp += 3000;
        byte[] stapA = [24, 0x00, 0x04, 0x67, 0x42, 0xC0, 0x1E, 0x00, 0x02, 0x68, 0xCE];
        return [Rtp(H264WithRtx.PayloadType, stapA, marker: false), Rtp(H264WithRtx.PayloadType, [0x65, 0x88, 0x01], marker: false),
            Rtp(H264WithRtx.PayloadType, [0x65, 0x88, 0x02], marker: true)];
    }

    /// <summary>Hand packets to the source as the receive path would.</summary>
    public void Send(IEnumerable<byte[]> packets)
    {
        foreach (var packet in packets)
        {
            Assert.True(RtpHeader.TryParse(packet, out var header));
            Source.OnRtp(packet, header);
        }
    }

    /// <summary>Everything the viewer was sent since the last call (forwarded and retransmitted), in order.</summary>
    public List<ReceivedPacket> Received()
    {
        var sent = DownTrack.PacketsSent + DownTrack.Retransmissions;
        var packets = new List<ReceivedPacket>();
        var buffer = new byte[2048];
        for (; _received < sent; _received++)
        {
            var length = _viewerSocket.Receive(buffer);
            var clearSequence = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2));
            var status = _viewerInbound.UnprotectRtp(buffer.AsSpan(0, length), buffer, out var plain);
            Assert.True(status == SrtpStatus.Ok, $"The viewer could not unprotect packet {_received} ({length} bytes, {buffer[0]:x2} {buffer[1]:x2}, sequence {clearSequence}): {status}");
            Assert.True(RtpHeader.TryParse(buffer.AsSpan(0, plain), out var header));
            packets.Add(new ReceivedPacket(header.Ssrc, header.SequenceNumber, header.Marker, header.Timestamp,
                buffer.AsSpan(header.PayloadOffset, header.PayloadLength).ToArray()));
        }

        return packets;
    }

    private byte[] Rtp(int payloadType, byte[] payload, bool marker)
    {
        var packet = new byte[RtpHeader.FixedHeaderSize + payload.Length];
        RtpWriter.WriteHeader(packet, (byte)payloadType, _sequence++, _timestamp, PublisherSsrc, marker);
        payload.CopyTo(packet, RtpHeader.FixedHeaderSize);
        return packet;
    }

    public void Dispose()
    {
        Source.Dispose();
        _server.Dispose();
        _viewerSocket.Dispose();
    }
}

/// <summary>An RTP packet as the viewer got it.</summary>
internal sealed record ReceivedPacket(uint Ssrc, ushort Sequence, bool Marker, uint Timestamp, byte[] Payload)
{
    /// <summary>The VP8 picture id (15 bits) and TL0PICIDX of the test's descriptor layout.</summary>
    public (int PictureId, byte Tl0PicIdx, int Temporal) Vp8Ids => (BinaryPrimitives.ReadUInt16BigEndian(Payload.AsSpan(2)) & 0x7FFF, Payload[4], Payload[5] >> 6);

    public bool StartsFrame => (Payload[0] & 0x10) != 0;

    /// <summary>The VP9 spatial layer id of the test's descriptor layout.</summary>
    public int Vp9Spatial => Payload[3] >> 1 & 0x07;

    public int Vp9PictureId => BinaryPrimitives.ReadUInt16BigEndian(Payload.AsSpan(1)) & 0x7FFF;
}
