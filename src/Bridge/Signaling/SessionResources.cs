using System.Collections.Concurrent;
using System.Security.Cryptography;
using OctoMesh.Bridge.Conferences;

namespace OctoMesh.Bridge.Signaling;

/// <summary>WHIP and WHEP resources (the Location URLs handed out) and the endpoints behind them.</summary>
public sealed class SessionResources
{
    private readonly ConcurrentDictionary<string, ConferenceEndpoint> _byId = new(StringComparer.Ordinal);

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public void Add(string id, ConferenceEndpoint endpoint) => _byId[id] = endpoint;

    public ConferenceEndpoint? Find(string id) => _byId.GetValueOrDefault(id);

    public bool TryRemove(string id, out ConferenceEndpoint? endpoint) => _byId.TryRemove(id, out endpoint);

    /// <summary>Forget a resource whose endpoint ended on its own (consent expiry, publisher gone).</summary>
    public void Forget(ConferenceEndpoint endpoint)
    {
        foreach (var (id, owner) in _byId)
        {
            if (ReferenceEquals(owner, endpoint))
            {
                _byId.TryRemove(id, out _);
            }
        }
    }
}
