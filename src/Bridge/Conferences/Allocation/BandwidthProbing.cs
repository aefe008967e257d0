using OctoMesh.Media.Bwe;
using OctoMesh.Media.Rtp;

namespace OctoMesh.Bridge.Conferences.Allocation;

/// <summary>
/// Sends the probe clusters each viewer's estimator asks for: padding-only packets on a video track's repair stream,
/// paced over the cluster's duration on a <see cref="Interval"/> tick (a burst sent at once would measure the
/// shaper's bucket, not the link). A viewer is asked whether to probe every <see cref="PollInterval"/>; only
/// viewers with transport-cc and a connected transport take part.
/// </summary>
public sealed class BandwidthProbing(ConferenceRegistry conferences, TimeProvider time, ILogger<BandwidthProbing> logger)
    : PeriodicTickService(Interval, time, logger, "Bandwidth probing")
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Padding packets: the most RFC 3550 padding one packet carries, with the RTP header and stamp.</summary>
    public const int PacketSize = 12 + TransportSequenceNumber.MaxGrowth + 255;

    private readonly Dictionary<ConferenceEndpoint, ActiveProbe> _active = [];
    private long _lastPoll;

    /// <summary>Probe bytes sent by this bridge.</summary>
    public long BytesSent { get; private set; }

    /// <summary>A failed round's clusters are dropped: their viewers are asked again at the next poll.</summary>
    protected override void OnTickFailed() => _active.Clear();

    /// <summary>One round: continue the clusters under way, and every poll interval start new ones.</summary>
    public override void Tick()
    {
        var now = Time.GetTimestamp();
        var poll = _lastPoll == 0 || Time.GetElapsedTime(_lastPoll, now) >= PollInterval;
        if (poll)
        {
            _lastPoll = now;
            StartClusters();
        }

        foreach (var (viewer, probe) in _active.ToArray())
        {
            if (!Continue(viewer, probe, now))
            {
                _active.Remove(viewer);
            }
        }
    }

    private void StartClusters()
    {
        foreach (var conference in conferences.All)
        {
            foreach (var viewer in conference.Endpoints)
            {
                if (_active.ContainsKey(viewer) || viewer.Bandwidth.TransportCcId == 0 || viewer.SubscribeTransport is not { IsConnected: true }
                    || PaddingTrack(viewer) is null || viewer.Bandwidth.PollProbe(viewer.DesiredBitrate) is not { } cluster)
                {
                    continue;
                }

                var packets = Math.Max(ProbeCluster.MinPackets, cluster.Bytes / PacketSize);
                viewer.Bandwidth.OnProbeSent(cluster, packets);
                _active[viewer] = new ActiveProbe(cluster, Time.GetTimestamp(), packets);
            }
        }
    }

    /// <summary>Send the packets due by now; false when the cluster is done (or its viewer gone).</summary>
    private bool Continue(ConferenceEndpoint viewer, ActiveProbe probe, long now)
    {
        if (PaddingTrack(viewer) is not { } track)
        {
            return false;
        }

        var elapsed = Time.GetElapsedTime(probe.StartedAt, now).TotalMicroseconds + Interval.TotalMicroseconds;
        var due = (int)Math.Min(probe.Packets, (elapsed * probe.Packets / ProbeCluster.DurationUs) + 1);
        for (; probe.Sent < due; probe.Sent++)
        {
            if (track.SendPadding(PacketSize, probe.Cluster.Id))
            {
                BytesSent += PacketSize;
            }
        }

        return probe.Sent < probe.Packets;
    }

    private static DownTrack? PaddingTrack(ConferenceEndpoint viewer)
    {
        foreach (var downTrack in viewer.DownTracks)
        {
            if (downTrack.Source.Kind == TrackKind.Video && downTrack.RtxSsrc is not null && downTrack.CurrentLayer >= 0)
            {
                return downTrack;
            }
        }

        return null;
    }

    private sealed class ActiveProbe(ProbeCluster cluster, long startedAt, int packets)
    {
        public ProbeCluster Cluster { get; } = cluster;

        public long StartedAt { get; } = startedAt;

        public int Packets { get; } = packets;

        public int Sent { get; set; }
    }
}
