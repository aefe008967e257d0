using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Media.Rtp;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// A relayed source asks its origin bridge for what this bridge lost itself (issue 3, "Data plane"):
/// the gaps in the relayed stream, the newest part of a long one, and nothing for a restarted stream; and a keyframe
/// (a latecomer's, crossing the relay) at most once per <see cref="MediaSource.KeyframeRequestInterval"/>, in virtual time.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class RelayRepairRequestTests
{
    private const uint Ssrc = 0x5eed_0001;
    private static readonly NegotiatedCodec Opus = new("opus", 48000, 2, PayloadType: 111, RtxPayloadType: null, Fmtp: null);
    private static readonly NegotiatedCodec Vp8 = new("VP8", 90000, 1, PayloadType: 96, RtxPayloadType: 97, Fmtp: null);
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    [Fact]
    public void A_keyframe_request_crosses_the_relay_at_once_and_again_only_after_the_interval()
    {
        var time = new FakeTimeProvider();
        var (source, uplink) = RelayedSource(time, TrackKind.Video);

        source.RequestKeyframe();
        Assert.Equal(1, uplink.KeyframeRequests);

        // More latecomers within the interval: the request already on its way serves them.
        source.RequestKeyframe();
        time.Advance(MediaSource.KeyframeRequestInterval - OneTick);
        source.RequestKeyframe();
        Assert.Equal(1, uplink.KeyframeRequests);

        time.Advance(OneTick);
        source.RequestKeyframe();
        Assert.Equal(2, uplink.KeyframeRequests);

        time.Advance(MediaSource.KeyframeRequestInterval - OneTick);
        source.RequestKeyframe();
        Assert.Equal(2, uplink.KeyframeRequests);
    }

    [Fact]
    public void An_audio_source_never_asks_for_a_keyframe()
    {
        var (source, uplink) = RelayedSource(new FakeTimeProvider(), TrackKind.Audio);

        source.RequestKeyframe();

        Assert.Equal(0, uplink.KeyframeRequests);
    }

    [Fact]
    public void A_short_gap_is_requested_whole()
    {
        var (source, uplink) = RelayedSource();

        Receive(source, 100, 101, 105);

        var request = Assert.Single(uplink.Requests);
        Assert.Equal([102, 103, 104], request);
    }

    [Fact]
    public void A_gap_longer_than_one_request_asks_for_its_newest_packets()
    {
        var (source, uplink) = RelayedSource();

        // 150 packets lost while the relay socket overflowed.
        Receive(source, 1000, 1151);

        var request = Assert.Single(uplink.Requests);
        Assert.Equal(IRelayUplink.MaxSequenceNumbersPerRequest, request.Length);
        Assert.Equal(1151 - IRelayUplink.MaxSequenceNumbersPerRequest, request[0]);
        Assert.Equal(1150, request[^1]);
    }

    [Fact]
    public void A_gap_across_the_sequence_wrap_is_requested()
    {
        var (source, uplink) = RelayedSource();

        Receive(source, 65534, 1);

        Assert.Equal([65535, 0], Assert.Single(uplink.Requests));
    }

    [Fact]
    public void In_order_late_and_restarted_packets_request_nothing()
    {
        var (source, uplink) = RelayedSource();

        // In order, then a repaired packet arriving late, then a jump past RFC 3550's dropout limit (a restart).
        Receive(source, 7, 8, 9, 8, 20_000, 20_001);

        Assert.Empty(uplink.Requests);
    }

    private static (MediaSource Source, RecordingUplink Uplink) RelayedSource() => RelayedSource(new FakeTimeProvider(), TrackKind.Audio);

    private static (MediaSource Source, RecordingUplink Uplink) RelayedSource(TimeProvider time, TrackKind kind)
    {
        var uplink = new RecordingUplink();
        var endpoint = new ConferenceEndpoint("remote-publisher", "Remote", EndpointRole.Participant, new Conference("relay-repair"), time)
        {
            RelayUplink = uplink,
        };
        var description = kind == TrackKind.Video
            ? new SourceDescription(TrackKind.Video, "1", Ssrc, null, Vp8, RtpExtensionIds.None, "video")
            : new SourceDescription(TrackKind.Audio, "0", Ssrc, null, Opus, RtpExtensionIds.None, "audio");
        var source = new MediaSource(endpoint, description, new BufferAccounting(), time);
        return (source, uplink);
    }

    private static void Receive(MediaSource source, params int[] sequenceNumbers)
    {
        var packet = new byte[12 + 20];
        foreach (var sequence in sequenceNumbers)
        {
            // RFC 3550 §5.1: version 2, payload type 111, then sequence number, timestamp, SSRC.
            packet[0] = 0x80;
            packet[1] = 111;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)sequence);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)sequence * 960);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), Ssrc);
            Assert.True(RtpHeader.TryParse(packet, out var header));
            source.OnRtp(packet, header);
        }
    }

    private sealed class RecordingUplink : IRelayUplink
    {
        public List<int[]> Requests { get; } = [];

        public int KeyframeRequests { get; private set; }

        public void RequestKeyframe(SourceLayer layer) => KeyframeRequests++;

        public void RequestRetransmission(SourceLayer layer, ReadOnlySpan<ushort> sequenceNumbers) =>
            Requests.Add([.. sequenceNumbers.ToArray().Select(s => (int)s)]);

        public void SubscriptionChanged(MediaSource source, bool watched)
        {
        }
    }
}
