using System.Collections.Concurrent;

namespace OctoMesh.Bridge.Conferences;

/// <summary>All rooms on this bridge, created on first use and forgotten when empty.</summary>
public sealed class ConferenceRegistry
{
    private readonly ConcurrentDictionary<string, Conference> _conferences = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public ConferenceRegistry(BufferAccounting buffers, TimeProvider time)
    {
        Buffers = buffers;
        Time = time;
    }

    public BufferAccounting Buffers { get; }

    /// <summary>Loss repaired by this bridge's sources, in both directions.</summary>
    public LossRecoveryCounters Recovery { get; } = new();

    public TimeProvider Time { get; }

    public ICollection<Conference> All => _conferences.Values;

    /// <summary>Raised when a room is created, before its first endpoint joins (the mesh watches every room).</summary>
    public event Action<Conference>? ConferenceCreated;

    public Conference? Find(string name) => _conferences.GetValueOrDefault(name);

    /// <summary>Create an endpoint in the named room (creating the room) atomically with respect to <see cref="Leave"/>.</summary>
    public ConferenceEndpoint Join(string room, Func<Conference, ConferenceEndpoint> createEndpoint)
    {
        lock (_lock)
        {
            if (!_conferences.TryGetValue(room, out var conference))
            {
                conference = new Conference(room, Time);
                _conferences[room] = conference;
                ConferenceCreated?.Invoke(conference);
            }

            var endpoint = createEndpoint(conference);
            conference.Add(endpoint);
            return endpoint;
        }
    }

    /// <summary>Remove an endpoint, and its room if that leaves the room empty.</summary>
    public void Leave(ConferenceEndpoint endpoint, string reason)
    {
        var conference = endpoint.Conference;
        conference.Remove(endpoint, reason);
        lock (_lock)
        {
            if (conference.Count == 0)
            {
                _conferences.TryRemove(new KeyValuePair<string, Conference>(conference.Name, conference));
            }
        }
    }
}
