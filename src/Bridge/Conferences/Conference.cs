namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// A room: its endpoints in join order, and the events that tell signaling what changed.
/// Membership changes take a lock; media never does.
/// </summary>
public sealed class Conference
{
    private readonly Lock _lock = new();
    private readonly List<ConferenceEndpoint> _endpoints = [];

    public Conference(string name) => Name = name;

    public string Name { get; }

    /// <summary>Raised after each change, outside the lock, on the thread that made it.</summary>
    public event Action<ConferenceEvent>? Changed;

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
        return true;
    }

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
