using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Srtp;
using OctoMesh.Media.Transport;
using OctoMesh.Media.Transport.Batching;

namespace OctoMesh.Benchmarks;

/// <summary>
/// One publisher's VP8 source fanned out to <c>N</c> subscribers, built from the bridge's real
/// parts: a <see cref="MediaServer"/> on 127.0.0.1:0, one <see cref="WebRtcTransport"/> per subscriber
/// connected through <see cref="WebRtcTransport.ConnectForTesting"/> (SRTP keyed, remote selected), and
/// a <see cref="DownTrack"/> each. Every subscriber's remote is its own loopback UDP "sink" socket that
/// nobody reads: once its receive buffer is full the kernel drops at the receiver, but each
/// <c>sendto</c> still runs the whole loopback path, so the syscall cost stays in the figures.
/// </summary>
internal sealed class ForwardingRig : IDisposable
{
    /// <summary>A full-size WebRTC video packet (Chrome keeps RTP under ~1200 bytes).</summary>
    public const int PacketLength = 1200;

    private const uint PublisherSsrc = 0x1111_0001;
    private const uint PublisherRtxSsrc = 0x1111_0002;
    private const uint SubscriberSsrcBase = 0x2222_0000;
    private const uint SubscriberRtxSsrcBase = 0x3333_0000;

    // Chrome's usual ids on the publisher; the subscriber's answer numbered them differently, so
    // forwarding must rewrite (RFC 8285 §6: ids are per session).
    private const int PublisherAbsSendTimeId = 2;
    private const int PublisherTransportCcId = 3;
    private const int PublisherMidId = 4;
    private const int PublisherVideoOrientationId = 13;
    private const int SubscriberVideoOrientationId = 7;

    private static readonly NegotiatedCodec PublisherVp8 = new("VP8", 90000, 0, PayloadType: 96, RtxPayloadType: 97, Fmtp: null);
    private static readonly NegotiatedCodec SubscriberVp8 = new("VP8", 90000, 0, PayloadType: 98, RtxPayloadType: 99, Fmtp: null);

    /// <summary>Layered: three simulcast streams, each with three VP8 temporal layers (TL0, TL2, TL1, TL2).</summary>
    public const int SimulcastLayers = 3;
    private static readonly int[] TemporalPattern = [0, 2, 1, 2];

    private readonly Socket[] _sinks;
    private readonly byte[] _packet = new byte[PacketLength];
    private readonly bool _layered;
    private readonly ushort[] _layerSequences = [1000, 2000, 3000];
    private readonly int[] _layerPictureIds = [100, 200, 300];
    private readonly byte[] _layerTl0PicIdx = [10, 20, 30];
    private ushort _sequenceNumber = 1000;
    private long _packets;
    private int _descriptorOffset;

    /// <param name="layered">
    /// False: one VP8 stream, every subscriber gets it whole. True: three simulcast streams with temporal layers;
    /// subscriber i gets stream i mod 3, its picture ids and TL0PICIDX rewritten as after a switch.
    /// </param>
    /// <param name="thinned">Layered: every other subscriber gets only the two lower temporal layers (drops, renumbering).</param>
    public ForwardingRig(int subscribers, SrtpProfile profile, bool layered = false, bool thinned = false)
    {
        _layered = layered;
        Metrics = new CountingMediaMetrics();
        // No ICE checks arrive in a benchmark: the consent sweep must neither run nor close the transports.
        Server = new MediaServer(new IPEndPoint(IPAddress.Loopback, 0), Metrics, new SilentTimerTimeProvider(), NullLoggerFactory.Instance);

        var conference = new Conference("bench");
        var publisher = new ConferenceEndpoint("publisher", "Publisher", EndpointRole.Participant, conference, TimeProvider.System);
        var description = new SourceDescription(TrackKind.Video, "0", PublisherSsrc, PublisherRtxSsrc, PublisherVp8, PublisherExtensions(), "video")
        {
            Simulcast = layered
                ? [.. Enumerable.Range(0, SimulcastLayers).Select(i => new LayerDescription($"r{i}", PublisherSsrc + 16 * (uint)i, PublisherRtxSsrc + 16 * (uint)i))]
                : [],
        };
        Source = new MediaSource(publisher, description, new BufferAccounting(), TimeProvider.System);
        publisher.SetSources([Source]);

        _sinks = new Socket[subscribers];
        SubscriberAddresses = new SocketAddress[subscribers];
        SubscriberContexts = new SrtpContext[subscribers];
        DownTracks = new DownTrack[subscribers];
        for (var i = 0; i < subscribers; i++)
        {
            _sinks[i] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _sinks[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
            SubscriberAddresses[i] = _sinks[i].LocalEndPoint!.Serialize();

            var transport = Server.CreateTransport();
            transport.ConnectForTesting(CreateContext(profile), CreateContext(profile), SubscriberAddresses[i]);
            SubscriberContexts[i] = CreateContext(profile);

            var subscriber = new ConferenceEndpoint($"subscriber-{i}", $"Subscriber {i}", EndpointRole.WhepViewer, conference, TimeProvider.System);
            subscriber.AttachSubscribeTransport(transport);
            DownTracks[i] = new DownTrack(Source, subscriber, transport, SubscriberSsrcBase + (uint)i, SubscriberRtxSsrcBase + (uint)i,
                SubscriberVp8, SubscriberExtensions());
            Source.AddDownTrack(DownTracks[i]);
            if (layered)
            {
                DownTracks[i].SetTargetLayer(i % SimulcastLayers);
                DownTracks[i].SetTargetSubLayers(3, thinned && i % 2 == 1 ? 1 : 3);
            }
        }

        WritePacket(keyframeStart: true);
        SubscriberExtensionMap = PublisherExtensions().BuildRewriteMap(SubscriberExtensions());
        StartSubscribersOnKeyframe();
        WritePacket(keyframeStart: false);
    }

    public CountingMediaMetrics Metrics { get; }

    public MediaServer Server { get; }

    public MediaSource Source { get; }

    public DownTrack[] DownTracks { get; }

    public SocketAddress[] SubscriberAddresses { get; }

    /// <summary>Contexts like the transports' own, for the variant that protects without sending.</summary>
    public SrtpContext[] SubscriberContexts { get; }

    public byte[] SubscriberExtensionMap { get; }

    public static byte SubscriberPayloadType => (byte)SubscriberVp8.PayloadType;

    /// <summary>
    /// The next packet of the stream: a mid-frame VP8 packet with the next sequence number; layered, the next stream's
    /// next frame (one packet each) with its temporal layer, picture id and TL0PICIDX.
    /// </summary>
    public ReadOnlySpan<byte> NextPacket()
    {
        if (!_layered)
        {
            RtpWriter.SetSequenceNumber(_packet, ++_sequenceNumber);
            return _packet;
        }

        var layer = (int)(_packets % SimulcastLayers);
        var temporal = TemporalPattern[(_packets / SimulcastLayers) % TemporalPattern.Length];
        _packets++;
        RtpWriter.SetSsrc(_packet, PublisherSsrc + 16 * (uint)layer);
        RtpWriter.SetSequenceNumber(_packet, ++_layerSequences[layer]);
        var pictureId = ++_layerPictureIds[layer] & 0x7FFF;
        if (temporal == 0)
        {
            _layerTl0PicIdx[layer]++;
        }

        // S = 1 (each packet a frame), picture id, TL0PICIDX, TID with Y on the layers above the base.
        _packet[_descriptorOffset] = 0x90;
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(_descriptorOffset + 2), (ushort)(0x8000 | pictureId));
        _packet[_descriptorOffset + 4] = _layerTl0PicIdx[layer];
        _packet[_descriptorOffset + 5] = (byte)(temporal << 6 | (temporal > 0 ? 0x20 : 0));
        _packet[_descriptorOffset + 6] = 0x01; // an inter frame
        return _packet;
    }

    /// <summary>A receive thread's send batch on the rig's media port, as <see cref="MediaReceiveLoop"/> makes it.</summary>
    public SendBatch CreateSendBatch() =>
        new(Server.Socket.SendSocketForTesting, Server.Socket, Metrics, MediaReceiveLoop.SendBatchCapacity, UdpMediaSocket.ReceiveBufferSize);

    /// <summary>Fails the run if any send was refused or dropped: the figures would measure nothing.</summary>
    public void ThrowIfAnythingDropped()
    {
        if (Metrics.Drops != 0)
        {
            throw new InvalidOperationException($"{Metrics.Drops} packets dropped on the forwarding path, last: {Metrics.LastDropReason}");
        }
    }

    // A subscriber joins waiting for a keyframe (a decoder cannot start on a delta frame).
    private void StartSubscribersOnKeyframe()
    {
        for (var layer = 0; layer < (_layered ? SimulcastLayers : 1); layer++)
        {
            var packet = NextPacket();
            if (_layered)
            {
                _packet[_descriptorOffset + 6] = 0x00; // each stream's first frame is a keyframe
            }

            if (!RtpHeader.TryParse(packet, out var header))
            {
                throw new InvalidOperationException("the rig's RTP packet does not parse");
            }

            Source.OnRtp(packet, header);
        }

        foreach (var downTrack in DownTracks)
        {
            if (downTrack.IsWaitingForKeyframe || downTrack.PacketsSent != 1)
            {
                throw new InvalidOperationException("a subscriber did not start on the keyframe");
            }
        }

        ThrowIfAnythingDropped();
    }

    /// <summary>
    /// RFC 3550 header, a one-byte extension block (RFC 8285 §4.2) as Chrome sends it on video, then
    /// a VP8 payload descriptor (RFC 7741 §4.2) with a 15-bit picture id, then payload bytes.
    /// </summary>
    private void WritePacket(bool keyframeStart)
    {
        var length = RtpWriter.WriteHeader(_packet, (byte)PublisherVp8.PayloadType, _sequenceNumber, 90000, PublisherSsrc, marker: false);
        _packet[0] |= 0x10; // X: an extension block follows
        ReadOnlySpan<byte> extensions =
        [
            0xBE, 0xDE, 0x00, 0x03,                                  // one-byte profile, 3 words
            PublisherMidId << 4 | 0, (byte)'0',                      // mid "0"
            PublisherAbsSendTimeId << 4 | 2, 0x12, 0x34, 0x56,       // abs-send-time, 24 bits
            PublisherTransportCcId << 4 | 1, 0x00, 0x2A,             // transport-wide sequence number
            PublisherVideoOrientationId << 4 | 0, 0x01,              // video orientation (CVO)
            0x00,                                                    // padding
        ];
        extensions.CopyTo(_packet.AsSpan(length));
        length += extensions.Length;

        // X=1 S=start PID=0 | I=1 (layered: and L, T) | M=1 picture id 0x0123 (| TL0PICIDX | TID Y); a keyframe start
        // then has P=0 in the frame tag.
        _descriptorOffset = length;
        _packet[length++] = (byte)(keyframeStart ? 0x90 : 0x80);
        _packet[length++] = (byte)(_layered ? 0xE0 : 0x80);
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(length), 0x8000 | 0x0123);
        length += 2;
        if (_layered)
        {
            _packet[length++] = 0;
            _packet[length++] = 0;
        }

        Random.Shared.NextBytes(_packet.AsSpan(length));
        _packet[length] = keyframeStart ? (byte)0x00 : (byte)0x01;
    }

    private static RtpExtensionIds PublisherExtensions() => new(
    [
        new(RtpExtensionIds.AbsSendTimeUri, PublisherAbsSendTimeId),
        new(RtpExtensionIds.TransportCcUri, PublisherTransportCcId),
        new(RtpExtensionIds.MidUri, PublisherMidId),
        new(RtpExtensionIds.VideoOrientationUri, PublisherVideoOrientationId),
    ]);

    private static RtpExtensionIds SubscriberExtensions() => new(
    [
        new(RtpExtensionIds.MidUri, 1),
        new(RtpExtensionIds.AbsSendTimeUri, 5),
        new(RtpExtensionIds.TransportCcUri, 6),
        new(RtpExtensionIds.VideoOrientationUri, SubscriberVideoOrientationId),
    ]);

    private static SrtpContext CreateContext(SrtpProfile profile)
    {
        var masterKey = new byte[SrtpContext.KeyLength(profile)];
        var masterSalt = new byte[SrtpContext.SaltLength(profile)];
        Random.Shared.NextBytes(masterKey);
        Random.Shared.NextBytes(masterSalt);
        return SrtpContext.Create(profile, masterKey, masterSalt);
    }

    public void Dispose()
    {
        Source.Dispose();
        Server.Dispose();
        foreach (var context in SubscriberContexts)
        {
            context.Dispose();
        }

        foreach (var sink in _sinks)
        {
            sink.Dispose();
        }
    }
}
