using System.Buffers.Binary;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Conferences.Allocation;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Transport;
using OctoMesh.Bridge.Tests.MediaPath;

namespace OctoMesh.Bridge.Tests.Conferences;

/// <summary>
/// A relayed three-layer simulcast source in virtual time, its layers fed at chosen bitrates, and viewers'
/// down tracks on real (unconnected) transports: what allocation and keyframe-request tests need.
/// </summary>
internal sealed class SimulcastRig : IDisposable
{
    public static readonly NegotiatedCodec Vp8 = new("VP8", 90000, 1, PayloadType: 96, RtxPayloadType: 97, Fmtp: null);
    public static readonly uint[] LayerSsrcs = [0x1111_0001, 0x1111_0002, 0x1111_0003];
    private const int PacketSize = 1000;
    private readonly MediaServer _server;
    private readonly ushort[] _sequences = new ushort[3];
    private TimeSpan _sinceMeasurement;

    public SimulcastRig()
    {
        Uplink = new RecordingLayerUplink(Time);
        var endpoint = new ConferenceEndpoint("publisher", "Publisher", EndpointRole.Participant, new Conference("simulcast"), Time)
        {
            RelayUplink = Uplink,
        };
        var description = new SourceDescription(TrackKind.Video, "1", null, null, Vp8, RtpExtensionIds.None, "video")
        {
            Simulcast = [.. LayerSsrcs.Select((ssrc, i) => new LayerDescription(((char)('a' + i)).ToString(), ssrc, null))],
        };
        Source = new MediaSource(endpoint, description, new BufferAccounting(), Time);
        _server = new MediaServer(new IPEndPoint(IPAddress.Loopback, 0), new CountingMetrics(), Time, NullLoggerFactory.Instance);
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UnixEpoch.AddDays(20_000));

    public RecordingLayerUplink Uplink { get; }

    public MediaSource Source { get; }

    public DownTrack AddViewer(int number)
    {
        var viewer = new ConferenceEndpoint($"viewer-{number}", "Viewer", EndpointRole.Participant, Source.Publisher.Conference, Time);
        var downTrack = new DownTrack(Source, viewer, _server.CreateTransport(), 0x2000_0000u + (uint)number, null, Vp8, RtpExtensionIds.None);
        Source.AddDownTrack(downTrack);
        return downTrack;
    }

    /// <summary>Feed each layer <paramref name="bitrates"/> bit/s for <paramref name="duration"/>, measuring as the allocation tick does.</summary>
    public void Send(long[] bitrates, TimeSpan duration)
    {
        var packet = new byte[PacketSize];
        var owed = new double[bitrates.Length];
        var step = TimeSpan.FromMilliseconds(20);
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += step)
        {
            Time.Advance(step);
            _sinceMeasurement += step;
            if (_sinceMeasurement >= LayerAllocation.Interval)
            {
                _sinceMeasurement = TimeSpan.Zero;
                Measure();
            }

            for (var layer = 0; layer < bitrates.Length; layer++)
            {
                owed[layer] += bitrates[layer] * step.TotalSeconds / 8;
                while (owed[layer] >= PacketSize)
                {
                    owed[layer] -= PacketSize;
                    Write(packet, layer);
                    Assert.True(RtpHeader.TryParse(packet, out var header));
                    Source.OnRtp(packet, header);
                }
            }
        }

        Measure();
    }

    private void Measure()
    {
        foreach (var layer in Source.Layers)
        {
            layer.MeasureBitrate();
        }
    }

    private void Write(byte[] packet, int layer)
    {
        // RFC 3550 §5.1: version 2, payload type 96; a VP8 delta-frame payload (RFC 7741: S = 1, PID = 0, P = 1).
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), _sequences[layer]++);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)(Time.GetTimestamp() / 1000));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), LayerSsrcs[layer]);
        packet[12] = 0x10;
        packet[13] = 0x01;
    }

    public void Dispose()
    {
        Source.Dispose();
        _server.Dispose();
    }

    /// <summary>Records the keyframe requests that would cross the relay, with their virtual time.</summary>
    internal sealed class RecordingLayerUplink(TimeProvider time) : IRelayUplink
    {
        public List<(DateTimeOffset At, int Layer)> KeyframeRequests { get; } = [];

        public void RequestKeyframe(SourceLayer layer) => KeyframeRequests.Add((time.GetUtcNow(), layer.Index));

        public void RequestRetransmission(SourceLayer layer, ReadOnlySpan<ushort> sequenceNumbers)
        {
        }

        public void SubscriptionChanged(MediaSource source, bool watched)
        {
        }
    }
}
