using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// A participant of a conference as the bridge sees it: an optional publishing transport with
/// its sources, and an optional subscribing transport with its down tracks.
/// </summary>
public sealed class ConferenceEndpoint
{
    /// <summary>The SSRC the bridge uses as sender of its own RTCP (RR, PLI, REMB).</summary>
    public const uint BridgeRtcpSsrc = 0x0C70_4E54;

    private readonly Lock _lock = new();
    private MediaSource[] _sources = [];
    private DownTrack[] _downTracks = [];

    public ConferenceEndpoint(string id, string name, EndpointRole role, Conference conference, TimeProvider time)
    {
        Id = id;
        Name = name;
        Role = role;
        Conference = conference;
        JoinedAt = time.GetUtcNow();
        PublisherHandler = new PublisherMediaHandler(this);
        SubscriberHandler = new SubscriberFeedbackHandler(this);
        Bandwidth = new Allocation.ViewerBandwidth(time);
    }

    /// <summary>This endpoint's downlink as a viewer: the transport-wide stamps, the estimate, the probes.</summary>
    public Allocation.ViewerBandwidth Bandwidth { get; }

    public string Id { get; }

    public string Name { get; }

    public EndpointRole Role { get; }

    public Conference Conference { get; }

    public DateTimeOffset JoinedAt { get; }

    /// <summary>For a relayed endpoint: its origin bridge and the way to reach it. Null for local endpoints.</summary>
    public IRelayUplink? RelayUplink { get; init; }

    public string? OriginBridgeId { get; init; }

    public bool IsLocal => OriginBridgeId is null;

    /// <summary>
    /// Bit/s of video this viewer can take, shared among its video tracks by the allocator: its bandwidth estimate,
    /// <see cref="Allocation.LayerAllocator.Unlimited"/> while it has none.
    /// </summary>
    public long VideoBudget { get; set; } = Allocation.LayerAllocator.Unlimited;

    /// <summary>What this viewer's tracks could use at their best allowed layers (bit/s, with margin): what probes aim for.</summary>
    public long DesiredBitrate { get; set; }

    public bool AudioMuted { get; set; }

    public bool VideoMuted { get; set; }

    public WebRtcTransport? PublishTransport { get; private set; }

    public WebRtcTransport? SubscribeTransport { get; private set; }

    internal PublisherMediaHandler PublisherHandler { get; }

    internal SubscriberFeedbackHandler SubscriberHandler { get; }

    public ReadOnlySpan<MediaSource> Sources => Volatile.Read(ref _sources);

    public ReadOnlySpan<DownTrack> DownTracks => Volatile.Read(ref _downTracks);

    public bool IsPublishing => Sources.Length > 0;

    public void AttachPublishTransport(WebRtcTransport transport)
    {
        PublishTransport = transport;
        transport.Receiver = PublisherHandler;
    }

    public void AttachSubscribeTransport(WebRtcTransport transport)
    {
        SubscribeTransport = transport;
        transport.Receiver = SubscriberHandler;
    }

    public void SetSources(IEnumerable<MediaSource> sources)
    {
        lock (_lock)
        {
            foreach (var old in _sources)
            {
                old.Dispose();
            }

            _sources = [.. sources];
        }
    }

    public void AddDownTrack(DownTrack downTrack)
    {
        lock (_lock)
        {
            _downTracks = [.. _downTracks, downTrack];
        }

        downTrack.Source.AddDownTrack(downTrack);
    }

    public void RemoveDownTrack(DownTrack downTrack)
    {
        lock (_lock)
        {
            _downTracks = Array.FindAll(_downTracks, d => !ReferenceEquals(d, downTrack));
        }

        downTrack.Source.RemoveDownTrack(downTrack);
    }

    public void RemoveDownTracksOf(ConferenceEndpoint publisher)
    {
        DownTrack[] removed;
        lock (_lock)
        {
            removed = Array.FindAll(_downTracks, d => ReferenceEquals(d.Source.Publisher, publisher));
            _downTracks = Array.FindAll(_downTracks, d => !ReferenceEquals(d.Source.Publisher, publisher));
        }

        foreach (var downTrack in removed)
        {
            downTrack.Source.RemoveDownTrack(downTrack);
        }
    }

    /// <summary>The source one of whose layers sends on <paramref name="ssrc"/>, or null.</summary>
    public MediaSource? FindSource(uint ssrc) => FindLayer(ssrc)?.Source;

    /// <summary>The layer sending on <paramref name="ssrc"/>, of any source of this endpoint, or null.</summary>
    public SourceLayer? FindLayer(uint ssrc)
    {
        foreach (var source in Sources)
        {
            if (source.FindLayer(ssrc) is { } layer)
            {
                return layer;
            }
        }

        return null;
    }

    /// <summary>The layer whose RTX stream is <paramref name="ssrc"/>, or null.</summary>
    public SourceLayer? FindRepairedLayer(uint ssrc)
    {
        foreach (var source in Sources)
        {
            if (source.FindRepairedLayer(ssrc) is { } layer)
            {
                return layer;
            }
        }

        return null;
    }

    /// <summary>The first video track this endpoint receives (what a WHEP viewer plays), or null.</summary>
    public DownTrack? FirstVideoDownTrack()
    {
        foreach (var downTrack in DownTracks)
        {
            if (downTrack.Source.Kind == TrackKind.Video)
            {
                return downTrack;
            }
        }

        return null;
    }

    public DownTrack? FindDownTrack(uint ssrc)
    {
        foreach (var downTrack in DownTracks)
        {
            if (downTrack.Ssrc == ssrc)
            {
                return downTrack;
            }
        }

        return null;
    }

    /// <summary>Stop all media of this endpoint: detach down tracks, free sources, close transports.</summary>
    public void Close(string reason)
    {
        DownTrack[] downTracks;
        MediaSource[] sources;
        lock (_lock)
        {
            downTracks = _downTracks;
            sources = _sources;
            _downTracks = [];
            _sources = [];
        }

        foreach (var downTrack in downTracks)
        {
            downTrack.Source.RemoveDownTrack(downTrack);
        }

        foreach (var source in sources)
        {
            foreach (var downTrack in source.DownTracks)
            {
                downTrack.Subscriber.RemoveDownTracksOf(this);
            }

            source.Dispose();
        }

        PublishTransport?.Close(reason);
        SubscribeTransport?.Close(reason);
    }
}
