using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Conferences.Allocation;
using OctoMesh.Bridge.Tests.MediaPath;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Tests.Conferences;

/// <summary>
/// Issue 12, layers inside one stream in virtual time: a VP9 L3T3 publisher's spatial and temporal layers are measured
/// apart and a viewer gets the best that fits its budget, a smaller picture at the full frame rate before a larger one
/// at a lower rate, with at most 2 spatial switches a minute on a budget that sits between two layers.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class SvcAllocationTests : IDisposable
{
    // Bits per second of each spatial layer on its own; within one, TL0 carries 40 %, TL1 20 % and TL2 40 %.
    private static readonly long[] SpatialBitrates = [200_000, 400_000, 800_000];
    private static readonly int[] TemporalPattern = [0, 2, 1, 2];
    private const int MaxPacket = 1200;
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(1000.0 / 30);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20_000));
    private readonly MediaServer _server;
    private readonly MediaSource _source;
    private readonly DownTrack _viewer;
    private ushort _sequence;
    private int _picture;
    private TimeSpan _sinceMeasurement;

    public SvcAllocationTests()
    {
        var codec = new NegotiatedCodec("VP9", 90000, 1, PayloadType: 98, RtxPayloadType: null, Fmtp: null);
        var publisher = new ConferenceEndpoint("publisher", "Publisher", EndpointRole.Participant, new Conference("svc"), _time);
        _source = new MediaSource(publisher, new SourceDescription(TrackKind.Video, "1", 0x9000_0001, null, codec, RtpExtensionIds.None, "video"),
            new BufferAccounting(), _time);
        _server = new MediaServer(new IPEndPoint(IPAddress.Loopback, 0), new CountingMetrics(), _time, NullLoggerFactory.Instance);
        var viewer = new ConferenceEndpoint("viewer", "Viewer", EndpointRole.WhepViewer, publisher.Conference, _time);
        _viewer = new DownTrack(_source, viewer, _server.CreateTransport(), 0x9100_0001, null, codec, RtpExtensionIds.None);
        _source.AddDownTrack(_viewer);
    }

    [Fact]
    public void Each_spatial_and_temporal_layer_is_measured_apart()
    {
        Send(TimeSpan.FromSeconds(2));
        var layer = _source.Layers[0];

        Assert.Equal((2, 2), (layer.HighestSpatialLayer, layer.HighestTemporalLayer));
        Assert.InRange(layer.BitrateUpTo(0, 0), 72_000, 88_000);
        Assert.InRange(layer.BitrateUpTo(0, 1), 108_000, 132_000);
        Assert.InRange(layer.BitrateUpTo(0, 2), 180_000, 220_000);
        Assert.InRange(layer.BitrateUpTo(1, 2), 540_000, 660_000);
        Assert.InRange(layer.Bitrate, 1_260_000, 1_540_000);
    }

    [Theory]
    [InlineData(LayerAllocator.Unlimited, 2, 2)]
    [InlineData(1_000_000, 1, 2)] // the middle picture at the full rate
    [InlineData(240_000, 0, 2)] // the smallest picture at the full rate
    [InlineData(140_000, 0, 1)] // the smallest picture at half the rate: its whole would overshoot by more than a quarter
    [InlineData(50_000, 0, 0)] // nothing fits: still the base layer, never nothing for the first track
    public void A_viewer_gets_the_best_layers_its_budget_allows(long budget, int spatial, int temporal)
    {
        Send(TimeSpan.FromSeconds(2));

        LayerAllocator.Allocate([_viewer], budget, _time);

        Assert.Equal(0, _viewer.TargetLayer);
        Assert.Equal((spatial, temporal), (_viewer.TargetSpatialLayer, _viewer.TargetTemporalLayer));
    }

    [Fact]
    public void A_budget_that_wavers_around_the_top_spatial_layer_switches_at_most_twice_a_minute()
    {
        Send(TimeSpan.FromSeconds(2));
        var top = _source.Layers[0].Bitrate;
        var random = new Random(12);
        var switches = 0;
        var last = -1;
        var duration = TimeSpan.FromMinutes(5);
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += LayerAllocation.Interval)
        {
            Send(LayerAllocation.Interval);
            LayerAllocator.Allocate([_viewer], (long)(top * (0.95 + 0.25 * random.NextDouble())), _time);
            switches += last >= 0 && _viewer.TargetSpatialLayer != last ? 1 : 0;
            last = _viewer.TargetSpatialLayer;
        }

        Assert.InRange(switches, 1, 2 * (int)duration.TotalMinutes);
    }

    [Fact]
    public void Thinning_the_stream_on_a_lossy_downlink_asks_for_a_keyframe_and_on_a_clean_one_does_not()
    {
        Send(TimeSpan.FromSeconds(2));
        LayerAllocator.Allocate([_viewer], LayerAllocator.Unlimited, _time);
        _time.Advance(MediaSource.KeyframeRequestInterval);
        var requests = _source.KeyframeRequestsSent;

        LayerAllocator.Allocate([_viewer], 1_000_000, _time);
        Assert.Equal((1, 2), (_viewer.TargetSpatialLayer, _viewer.TargetTemporalLayer));
        _time.Advance(MediaSource.KeyframeRequestInterval);
        LayerAllocator.Allocate([_viewer], 140_000, _time);
        Assert.Equal((0, 1), (_viewer.TargetSpatialLayer, _viewer.TargetTemporalLayer));
        Assert.Equal(requests, _source.KeyframeRequestsSent); // a clean downlink: the thinner layers need nothing new

        // The viewer reports half of the last 40 packets lost: the pictures the base layer refers to have holes.
        var bandwidth = _viewer.Subscriber.Bandwidth;
        bandwidth.TransportCcId = TransportFeedbackPackets.TransportCcId;
        var first = TransportFeedbackPackets.Stamp(bandwidth);
        for (var i = 1; i < 40; i++)
        {
            TransportFeedbackPackets.Stamp(bandwidth);
        }

        bandwidth.OnTransportFeedback(TransportFeedbackPackets.View(TransportFeedbackPackets.Feedback(first, received: 20, deltas: new byte[20], lost: 20)));
        Assert.True(bandwidth.RecentLoss > LayerAllocator.HeavyLoss, $"reported loss {bandwidth.RecentLoss}");
        _time.Advance(MediaSource.KeyframeRequestInterval);

        LayerAllocator.Allocate([_viewer], 50_000, _time);

        Assert.Equal((0, 0), (_viewer.TargetSpatialLayer, _viewer.TargetTemporalLayer));
        Assert.Equal(requests + 1, _source.KeyframeRequestsSent);
    }

    [Fact]
    public void Dropping_a_spatial_layer_soon_after_the_viewer_asked_for_a_repair_asks_for_a_keyframe()
    {
        Send(TimeSpan.FromSeconds(2));
        LayerAllocator.Allocate([_viewer], LayerAllocator.Unlimited, _time);
        _time.Advance(MediaSource.KeyframeRequestInterval);
        var requests = _source.KeyframeRequestsSent;

        // A NACK, with too little loss for the lossy-thinning rule: the picture it repairs may still be incomplete.
        _viewer.Retransmit(1234);
        LayerAllocator.Allocate([_viewer], 1_000_000, _time);
        Assert.Equal((1, 2), (_viewer.TargetSpatialLayer, _viewer.TargetTemporalLayer));
        Assert.Equal(requests + 1, _source.KeyframeRequestsSent);

        // No repair asked for in the last second: the next spatial drop needs nothing new.
        Send(LayerAllocator.SpatialRepairWindow + MediaSource.KeyframeRequestInterval);
        LayerAllocator.Allocate([_viewer], 240_000, _time);
        Assert.Equal((0, 2), (_viewer.TargetSpatialLayer, _viewer.TargetTemporalLayer));
        Assert.Equal(requests + 1, _source.KeyframeRequestsSent);
    }

    [Fact]
    public void A_layer_request_caps_the_layers_inside_the_stream()
    {
        Send(TimeSpan.FromSeconds(2));
        _viewer.Constraints = new LayerConstraints(null, null, MaxSpatialId: 0, MaxTemporalId: 1);

        LayerAllocator.Allocate([_viewer], LayerAllocator.Unlimited, _time);

        Assert.Equal((0, 1), (_viewer.TargetSpatialLayer, _viewer.TargetTemporalLayer));
    }

    [Theory]
    [InlineData("""{"spatialLayerId":3}""", "spatialLayerId 3 does not exist; the publisher sends spatial layers 0-2.")]
    [InlineData("""{"maxTemporalLayerId":4}""", "temporalLayerId 4 does not exist; the publisher sends temporal layers 0-2.")]
    [InlineData("""{"temporalLayerId":-1}""", "temporalLayerId -1 does not exist; the publisher sends temporal layers 0-2.")]
    [InlineData("""{"encodingId":"f"}""", "The publisher sends no encoding 'f'; it sends no simulcast encodings.")]
    public void A_layer_request_naming_a_layer_the_svc_publisher_does_not_send_is_refused(string json, string problem)
    {
        Send(TimeSpan.FromSeconds(2));
        var request = System.Text.Json.JsonSerializer.Deserialize<OctoMesh.Bridge.Signaling.LayerRequest>(json, OctoMesh.Bridge.Signaling.LayerRequest.Options)!;

        Assert.Equal((null, problem), request.ToConstraints(_source));
    }

    [Fact]
    public void A_layer_request_names_the_svc_streams_spatial_and_temporal_layers()
    {
        Send(TimeSpan.FromSeconds(2));
        var request = new OctoMesh.Bridge.Signaling.LayerRequest(null, SpatialLayerId: 1, TemporalLayerId: null, MaxSpatialLayerId: null, MaxTemporalLayerId: 0);

        Assert.Equal((new LayerConstraints(null, null, MaxSpatialId: 1, MaxTemporalId: 0), (string?)null), request.ToConstraints(_source));
    }

    /// <summary>30 pictures a second of three spatial layers, each layer frame one packet sized to its share.</summary>
    private void Send(TimeSpan duration)
    {
        var packet = new byte[1500];
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += FrameInterval)
        {
            _time.Advance(FrameInterval);
            _sinceMeasurement += FrameInterval;
            if (_sinceMeasurement >= LayerAllocation.Interval)
            {
                _sinceMeasurement = TimeSpan.Zero;
                _source.Layers[0].MeasureBitrate();
            }

            var temporal = TemporalPattern[_picture % TemporalPattern.Length];
            for (var spatial = 0; spatial < SpatialBitrates.Length; spatial++)
            {
                // Per four pictures one TL0, one TL1 and two TL2 frames: 1.6, 0.8 and 0.8 times the mean picture.
                var share = temporal == 0 ? 1.6 : 0.8;
                var bytes = (int)(SpatialBitrates[spatial] / 8.0 / 30 * share);
                for (var offset = 0; offset < bytes; offset += MaxPacket)
                {
                    var length = Write(packet, spatial, temporal, Math.Min(MaxPacket, bytes - offset), first: offset == 0, last: offset + MaxPacket >= bytes);
                    Assert.True(RtpHeader.TryParse(packet.AsSpan(0, length), out var header));
                    _source.OnRtp(packet.AsSpan(0, length), header);
                }
            }

            _picture++;
        }

        _source.Layers[0].MeasureBitrate();
    }

    private int Write(byte[] packet, int spatial, int temporal, int length, bool first, bool last)
    {
        var header = RtpWriter.WriteHeader(packet, 98, _sequence++, (uint)(_picture * 3000), 0x9000_0001, marker: spatial == 2 && last);
        // RFC 9628 §4.2, flexible mode: I P L F B E | picture id | TID U SID D | P_DIFF.
        packet[header] = (byte)(0x80 | 0x40 | 0x20 | 0x10 | (first ? 0x08 : 0) | (last ? 0x04 : 0));
        packet[header + 1] = (byte)(0x80 | _picture >> 8 & 0x7F);
        packet[header + 2] = (byte)_picture;
        packet[header + 3] = (byte)(temporal << 5 | spatial << 1);
        packet[header + 4] = 0x02;
        return length;
    }

    public void Dispose()
    {
        _source.Dispose();
        _server.Dispose();
    }
}
