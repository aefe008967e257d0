using OctoMesh.Bridge.Conferences.Speakers;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// A room: its endpoints in join order, and the events that tell signaling what changed.
/// Membership changes take a lock; media never does.
/// </summary>
public sealed class Conference
{
    private readonly Lock _lock = new();
    private readonly List<ConferenceEndpoint> _endpoints = [];

    public Conference(string name, TimeProvider? time = null)
    {
        Name = name;
        Speakers = new DominantSpeakerDetector(time ?? TimeProvider.System);
    }

    public string Name { get; }

    /// <summary>The room's speakers from their audio levels, local and relayed; decided every 300 ms (<see cref="DecideDominantSpeaker"/>).</summary>
    public DominantSpeakerDetector Speakers { get; }

    /// <summary>
    /// Set while another bridge of the mesh decides this room's dominant speaker (the mesh agrees on one decider per
    /// room, docs/relay.md): this bridge then only adopts what that bridge announces.
    /// </summary>
    public string? SpeakerDecider { get; set; }

    /// <summary>Raised after each change, outside the lock, on the thread that made it.</summary>
    public event Action<ConferenceEvent>? Changed;

    /// <summary>
    /// The dominant speaker changed: the speakers' endpoint ids, the dominant one first, then those dominant before
    /// (ids of this room's endpoints, local or relayed; one may have left since).
    /// </summary>
    public event Action<IReadOnlyList<string>>? SpeakersChanged;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _endpoints.Count;
            }
        }
    }

    public IReadOnlyList<ConferenceEndpoint> Endpoints
    {
        get
        {
            lock (_lock)
            {
                return [.. _endpoints];
            }
        }
    }

    public ConferenceEndpoint? Find(string endpointId)
    {
        lock (_lock)
        {
            return _endpoints.Find(e => e.Id == endpointId);
        }
    }

    /// <summary>The publisher WHEP plays by default: the one that most recently started publishing.</summary>
    public ConferenceEndpoint? NewestPublisher()
    {
        lock (_lock)
        {
            for (var i = _endpoints.Count - 1; i >= 0; i--)
            {
                if (_endpoints[i].IsPublishing)
                {
                    return _endpoints[i];
                }
            }

            return null;
        }
    }

    public void Add(ConferenceEndpoint endpoint)
    {
        lock (_lock)
        {
            _endpoints.Add(endpoint);
        }

        Changed?.Invoke(new EndpointJoined(endpoint));
    }

    /// <summary>Remove and close an endpoint; false if it was not here (already removed).</summary>
    public bool Remove(ConferenceEndpoint endpoint, string reason)
    {
        lock (_lock)
        {
            if (!_endpoints.Remove(endpoint))
            {
                return false;
            }
        }

        endpoint.Close(reason);
        Changed?.Invoke(new EndpointLeft(endpoint));
        if (Speakers.Remove(endpoint.Id))
        {
            AnnounceSpeakers();
        }

        return true;
    }

    /// <summary>One decision step; true (and <see cref="SpeakersChanged"/> raised) when the speaker changed.</summary>
    public bool DecideDominantSpeaker()
    {
        if (SpeakerDecider is not null || !Speakers.Decide())
        {
            return false;
        }

        AnnounceSpeakers();
        return true;
    }

    /// <summary>The deciding bridge's announcement (most recent speaker first): adopted and raised when it changes anything.</summary>
    public bool AdoptSpeakers(IReadOnlyList<string> recent)
    {
        if (!Speakers.Adopt(recent))
        {
            return false;
        }

        AnnounceSpeakers();
        return true;
    }

    private void AnnounceSpeakers() => SpeakersChanged?.Invoke(Speakers.Recent);

    public void Publish(ConferenceEndpoint endpoint, IEnumerable<MediaSource> sources)
    {
        endpoint.SetSources(sources);
        Changed?.Invoke(new SourcesChanged(endpoint));
    }

    /// <summary>A layer of <paramref name="endpoint"/> learnt its SSRC from its first packets (rid simulcast).</summary>
    public void LayerBound(ConferenceEndpoint endpoint) => Changed?.Invoke(new LayersChanged(endpoint));

    public void SetMuted(ConferenceEndpoint endpoint, TrackKind kind, bool muted)
    {
        if (kind == TrackKind.Audio)
        {
            endpoint.AudioMuted = muted;
        }
        else
        {
            endpoint.VideoMuted = muted;
        }

        Changed?.Invoke(new MuteChanged(endpoint, kind, muted));
    }
}
