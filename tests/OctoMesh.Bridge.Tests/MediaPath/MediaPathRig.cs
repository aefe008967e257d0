using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Srtp;
using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Tests.MediaPath;

/// <summary>
/// A bridge's media path without signalling: a real <see cref="MediaServer"/> on 127.0.0.1:0, publishers and
/// subscribers each with a real loopback UDP socket and a <see cref="WebRtcTransport"/> keyed through
/// <see cref="WebRtcTransport.ConnectForTesting"/> (the state ICE and DTLS would leave), one Opus source
/// per publisher and a <see cref="DownTrack"/> of every source for every subscriber. The test side holds
/// the other end of each SRTP context: it protects what publishers send and unprotects what subscribers get.
/// </summary>
internal sealed class MediaPathRig : IDisposable
{
    public const int PayloadLength = 160;

    private static readonly NegotiatedCodec Opus = new("opus", 48000, 2, PayloadType: 111, RtxPayloadType: null, Fmtp: null);
    private static readonly NegotiatedCodec SubscriberOpus = new("opus", 48000, 2, PayloadType: 109, RtxPayloadType: null, Fmtp: null);

    public MediaPathRig(int publishers, int subscribers, int receiveThreads, bool start = true)
    {
        Server = new MediaServer(new IPEndPoint(IPAddress.Loopback, 0), Metrics, TimeProvider.System, NullLoggerFactory.Instance, receiveThreads)
        {
            // No ICE checks arrive here: consent must not run out during a test.
            ConsentTimeout = TimeSpan.FromHours(1),
        };
        var conference = new Conference("media-path");
        Publishers = new Publisher[publishers];
        for (var i = 0; i < publishers; i++)
        {
            var socket = Bound();
            var transport = Server.CreateTransport();
            var (bridgeInbound, clientOutbound) = ContextPair();
            var (bridgeOutbound, _) = ContextPair();
            transport.ConnectForTesting(bridgeInbound, bridgeOutbound, socket.LocalEndPoint!.Serialize());
            var endpoint = new ConferenceEndpoint($"publisher-{i}", $"Publisher {i}", EndpointRole.Participant, conference, TimeProvider.System);
            endpoint.AttachPublishTransport(transport);
            var ssrc = 0x1000_0000u + (uint)i;
            var source = new MediaSource(endpoint, new SourceDescription(TrackKind.Audio, "0", ssrc, null, Opus, RtpExtensionIds.None, $"audio-{i}"),
                new BufferAccounting(), TimeProvider.System);
            endpoint.SetSources([source]);
            Publishers[i] = new Publisher(i, ssrc, socket, clientOutbound, transport, source);
        }

        Subscribers = new Subscriber[subscribers];
        for (var i = 0; i < subscribers; i++)
        {
            var socket = Bound();
            var transport = Server.CreateTransport();
            var (bridgeInbound, _) = ContextPair();
            var (bridgeOutbound, clientInbound) = ContextPair();
            transport.ConnectForTesting(bridgeInbound, bridgeOutbound, socket.LocalEndPoint!.Serialize());
            var endpoint = new ConferenceEndpoint($"subscriber-{i}", $"Subscriber {i}", EndpointRole.WhepViewer, conference, TimeProvider.System);
            endpoint.AttachSubscribeTransport(transport);
            foreach (var publisher in Publishers)
            {
                var downTrack = new DownTrack(publisher.Source, endpoint, transport, 0x2000_0000u + (uint)(i * 1000 + publisher.Index), null,
                    SubscriberOpus, RtpExtensionIds.None);
                endpoint.AddDownTrack(downTrack);
            }

            Subscribers[i] = new Subscriber(socket, clientInbound, transport);
        }

        if (start)
        {
            Server.Start();
        }
    }

    public CountingMetrics Metrics { get; } = new();

    public MediaServer Server { get; }

    public Publisher[] Publishers { get; }

    public Subscriber[] Subscribers { get; }

    public IPEndPoint ServerEndPoint => new(IPAddress.Loopback, Server.LocalPort);

    /// <summary>A publisher's RTP packet number <paramref name="sequence"/>, SRTP-protected into <paramref name="destination"/>.</summary>
    public static int WriteProtected(Publisher publisher, int sequence, Span<byte> destination)
    {
        Span<byte> rtp = stackalloc byte[RtpHeader.FixedHeaderSize + PayloadLength];
        var header = RtpWriter.WriteHeader(rtp, (byte)Opus.PayloadType, (ushort)sequence, (uint)(sequence * 960), publisher.Ssrc, marker: false);
        rtp[header..].Fill((byte)publisher.Index);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(rtp[header..], sequence);
        if (publisher.Outbound.ProtectRtp(rtp, destination, out var written) != SrtpStatus.Ok)
        {
            throw new InvalidOperationException("protect failed");
        }

        return written;
    }

    internal static (SrtpContext, SrtpContext) ContextPair()
    {
        var key = new byte[SrtpContext.KeyLength(SrtpProfile.AeadAes128Gcm)];
        var salt = new byte[SrtpContext.SaltLength(SrtpProfile.AeadAes128Gcm)];
        Random.Shared.NextBytes(key);
        Random.Shared.NextBytes(salt);
        return (SrtpContext.Create(SrtpProfile.AeadAes128Gcm, key, salt), SrtpContext.Create(SrtpProfile.AeadAes128Gcm, key, salt));
    }

    internal static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    public void Dispose()
    {
        Server.Dispose();
        foreach (var publisher in Publishers)
        {
            publisher.Source.Dispose();
            publisher.Socket.Dispose();
        }

        foreach (var subscriber in Subscribers)
        {
            subscriber.Socket.Dispose();
        }
    }

    internal sealed record Publisher(int Index, uint Ssrc, Socket Socket, SrtpContext Outbound, WebRtcTransport Transport, MediaSource Source);

    internal sealed record Subscriber(Socket Socket, SrtpContext Inbound, WebRtcTransport Transport);
}
