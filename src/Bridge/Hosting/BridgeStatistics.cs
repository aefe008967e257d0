using OctoMesh.Bridge.Conferences;
using OctoMesh.Media.Transport;
using Prometheus;

namespace OctoMesh.Bridge.Hosting;

/// <summary>The numbers behind <c>/api/stats</c> and the gauges in <c>/metrics</c>.</summary>
public sealed class BridgeStatistics
{
    private readonly MediaServer _media;
    private readonly ConferenceRegistry _conferences;
    private readonly BufferAccounting _buffers;

    public BridgeStatistics(MediaServer media, ConferenceRegistry conferences, BufferAccounting buffers, CollectorRegistry registry,
        Conferences.Allocation.BandwidthProbing probing)
    {
        _media = media;
        _conferences = conferences;
        _buffers = buffers;
        var factory = Metrics.WithCustomRegistry(registry);
        var sessions = factory.CreateGauge("octomesh_sessions", "WebRTC transports (PeerConnections) open on this bridge.");
        var rooms = factory.CreateGauge("octomesh_rooms", "Rooms with at least one endpoint.");
        var endpoints = factory.CreateGauge("octomesh_endpoints", "Endpoints by role.", "role");
        var buffered = factory.CreateGauge("octomesh_packet_cache_bytes", "Bytes held in per-source packet caches.");
        var requested = factory.CreateCounter("octomesh_retransmission_requests_total",
            "Lost sequence numbers the bridge asked for again, by whom it asked: a local publisher (NACK) or an origin bridge (relay).", "from");
        var repairs = factory.CreateCounter("octomesh_publisher_repairs_total",
            "RTX packets from publishers: forwarded as the packet they repair, or dropped (already here, too old, padding only).", "result");
        var retransmitted = factory.CreateCounter("octomesh_viewer_retransmissions_total", "Packets resent to viewers from the bridge's caches, answering their NACKs.");
        var layerSwitches = factory.CreateGauge("octomesh_viewer_layer_switches",
            "Simulcast layer switches made so far by the viewers' video tracks open now (the allocator's decisions taking effect).");
        var decisions = factory.CreateGauge("octomesh_viewer_layer_decisions",
            "Target layer changes the allocator made for the viewers' video tracks open now, by reason: bandwidth, request (a pin or cap), stopped (the publisher stopped the layer).", "reason");
        var estimates = factory.CreateHistogram("octomesh_viewer_estimate_bits_per_second",
            "The bandwidth estimate of each viewer open now (transport-cc or REMB), sampled at each scrape.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(100_000, 2, 8) });
        var feedback = factory.CreateGauge("octomesh_viewer_transport_feedback",
            "Transport-cc feedback packets from the viewers open now: used by the estimator, or dropped as malformed.", "result");
        var probeBytes = factory.CreateCounter("octomesh_probe_bytes_total", "Padding bytes sent to viewers to probe for bandwidth.");
        var keyframeRequests = factory.CreateCounter("octomesh_keyframe_requests_total",
            "Keyframe requests the bridge sent for video sources (PLIs to local publishers, requests to origin bridges), at most one per source per 300 ms.");
        var recovery = conferences.Recovery;
        registry.AddBeforeCollectCallback(() =>
        {
            requested.WithLabels("publisher").IncTo(recovery.RequestedFromPublishers);
            requested.WithLabels("origin").IncTo(recovery.RequestedFromOrigins);
            repairs.WithLabels("forwarded").IncTo(recovery.RepairsForwarded);
            repairs.WithLabels("dropped").IncTo(recovery.RepairsDropped);
            retransmitted.IncTo(recovery.RetransmittedToViewers);
            var snapshot = Snapshot();
            sessions.Set(snapshot.Sessions);
            rooms.Set(snapshot.Rooms);
            endpoints.WithLabels("publisher").Set(snapshot.Publishers);
            endpoints.WithLabels("subscriber").Set(snapshot.Subscribers);
            buffered.Set(snapshot.BufferBytesInUse);
            long switches = 0, forBandwidth = 0, forRequests = 0, forStopped = 0;
            foreach (var source in snapshot.VideoSources)
            {
                foreach (var viewer in source.Viewers)
                {
                    switches += viewer.Switches;
                    forBandwidth += viewer.TargetChanges.Bandwidth;
                    forRequests += viewer.TargetChanges.ViewerRequest;
                    forStopped += viewer.TargetChanges.LayerStopped;
                }
            }

            layerSwitches.Set(switches);
            decisions.WithLabels("bandwidth").Set(forBandwidth);
            decisions.WithLabels("request").Set(forRequests);
            decisions.WithLabels("stopped").Set(forStopped);
            keyframeRequests.IncTo(recovery.KeyframeRequests);
            probeBytes.IncTo(probing.BytesSent);
            foreach (var viewer in snapshot.Viewers)
            {
                if (viewer.EstimateBitrate is { } estimate)
                {
                    estimates.Observe(estimate);
                }
            }

            var (used, malformed) = Totals(snapshot.Viewers);
            feedback.WithLabels("used").Set(used);
            feedback.WithLabels("malformed").Set(malformed);
        });
    }

    public StatsSnapshot Snapshot()
    {
        var rooms = 0;
        var publishers = 0;
        var subscribers = 0;
        foreach (var conference in _conferences.All)
        {
            rooms++;
            foreach (var endpoint in conference.Endpoints)
            {
                publishers += endpoint.IsPublishing ? 1 : 0;
                subscribers += endpoint.SubscribeTransport is null ? 0 : 1;
            }
        }

        return new StatsSnapshot(_media.TransportCount, rooms, publishers, subscribers, _buffers.BytesInUse, LayerStatistics.Sources(_conferences),
            LayerStatistics.Viewers(_conferences));
    }

    private static (long Used, long Malformed) Totals(IReadOnlyList<ViewerBandwidthStats> viewers)
    {
        long used = 0, malformed = 0;
        foreach (var viewer in viewers)
        {
            used += viewer.Feedbacks;
            malformed += viewer.MalformedFeedback;
        }

        return (used, malformed);
    }
}

public sealed record StatsSnapshot(int Sessions, int Rooms, int Publishers, int Subscribers, long BufferBytesInUse,
    IReadOnlyList<VideoSourceStats> VideoSources, IReadOnlyList<ViewerBandwidthStats> Viewers);
