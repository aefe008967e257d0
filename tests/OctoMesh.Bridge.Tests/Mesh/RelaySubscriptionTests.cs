using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Tests.MediaPath;
using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// A bridge pulls a relayed source from its origin while a local viewer watches it and the origin has named it by
/// an SSRC. A publisher's SSRCs reach the mesh after its first packets (offers without <c>a=ssrc</c>), so a viewer
/// can join before they do: its subscription must go out when they arrive, once, however the two interleave. A
/// viewer joining on one thread while the announcement with the SSRC lands on another once left a source watched
/// and never pulled: the viewer got the room's audio and no video.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class RelaySubscriptionTests : IDisposable
{
    private const uint VideoSsrc = 0x7e1a_0001;
    private static readonly NegotiatedCodec Vp8 = new("VP8", 90000, 1, PayloadType: 96, RtxPayloadType: null, Fmtp: null);
    private readonly FakeTimeProvider _time = new();
    private readonly MediaServer _server;

    public RelaySubscriptionTests() =>
        _server = new MediaServer(new IPEndPoint(IPAddress.Loopback, 0), new CountingMetrics(), _time, NullLoggerFactory.Instance);

    [Fact]
    public void A_viewer_who_joins_before_the_ssrc_is_known_is_subscribed_when_it_arrives()
    {
        var (source, uplink) = UnnamedRelayedSource();

        source.AddDownTrack(Viewer(source, 1));
        Assert.Empty(uplink.Changes);

        source.Layers[0].BindSsrc(VideoSsrc);
        source.SyncRelaySubscription();

        Assert.Equal([(VideoSsrc, true)], uplink.Changes);
    }

    [Fact]
    public void The_origin_hears_of_the_first_viewer_and_the_last_only()
    {
        var (source, uplink) = UnnamedRelayedSource();
        source.Layers[0].BindSsrc(VideoSsrc);
        var first = Viewer(source, 1);
        var second = Viewer(source, 2);

        source.AddDownTrack(first);
        source.AddDownTrack(second);
        source.SyncRelaySubscription();
        source.RemoveDownTrack(first);
        source.RemoveDownTrack(second);
        source.RemoveDownTrack(second);

        Assert.Equal([(VideoSsrc, true), (VideoSsrc, false)], uplink.Changes);
    }

    [Fact]
    public async Task A_viewer_and_the_ssrc_arriving_on_two_threads_at_once_subscribe_exactly_once()
    {
        for (var round = 0; round < 200; round++)
        {
            var (source, uplink) = UnnamedRelayedSource();
            var viewer = Viewer(source, round);
            using var start = new Barrier(2);
            var joining = Task.Run(() =>
            {
                start.SignalAndWait();
                source.AddDownTrack(viewer);
            });
            var announcing = Task.Run(() =>
            {
                start.SignalAndWait();
                source.Layers[0].BindSsrc(VideoSsrc);
                source.SyncRelaySubscription();
            });
            await Task.WhenAll(joining, announcing);

            Assert.Equal([(VideoSsrc, true)], uplink.Changes);
        }
    }

    private (MediaSource Source, RecordingUplink Uplink) UnnamedRelayedSource()
    {
        var uplink = new RecordingUplink();
        var endpoint = new ConferenceEndpoint("remote-publisher", "Remote", EndpointRole.Relayed, new Conference("relay-subscription"), _time)
        {
            RelayUplink = uplink,
        };
        var description = new SourceDescription(TrackKind.Video, "1", Ssrc: null, RtxSsrc: null, Vp8, RtpExtensionIds.None, "video");
        return (new MediaSource(endpoint, description, new BufferAccounting(), _time), uplink);
    }

    private DownTrack Viewer(MediaSource source, int number)
    {
        var viewer = new ConferenceEndpoint($"viewer-{number}", "Viewer", EndpointRole.Participant, source.Publisher.Conference, _time);
        return new DownTrack(source, viewer, _server.CreateTransport(), 0x2000_0000u + (uint)number, null, Vp8, RtpExtensionIds.None);
    }

    public void Dispose() => _server.Dispose();

    private sealed class RecordingUplink : IRelayUplink
    {
        private readonly Lock _lock = new();
        private readonly List<(uint Ssrc, bool Watched)> _changes = [];

        public List<(uint Ssrc, bool Watched)> Changes
        {
            get
            {
                lock (_lock)
                {
                    return [.. _changes];
                }
            }
        }

        public void RequestKeyframe(SourceLayer layer)
        {
        }

        public void RequestRetransmission(SourceLayer layer, ReadOnlySpan<ushort> sequenceNumbers)
        {
        }

        public void SubscriptionChanged(MediaSource source, bool watched)
        {
            lock (_lock)
            {
                _changes.Add((source.Ssrc, watched));
            }
        }
    }
}
