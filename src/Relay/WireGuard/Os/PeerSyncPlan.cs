namespace OctoMesh.Relay.WireGuard.Os;

/// <summary>
/// The difference between an interface's peers and the desired set, and the one set request
/// that closes it (null when nothing differs).
/// </summary>
internal sealed record PeerSyncPlan(
    UapiSetRequest? Request,
    IReadOnlyList<WireGuardUapiPeer> Added,
    IReadOnlyList<WireGuardUapiPeer> Updated,
    IReadOnlyList<string> Removed,
    int Unchanged)
{
    public static PeerSyncPlan Create(WireGuardDeviceState current, IReadOnlyDictionary<string, WireGuardUapiPeer> wanted)
    {
        var request = new UapiSetRequest();
        var added = new List<WireGuardUapiPeer>();
        var updated = new List<WireGuardUapiPeer>();
        var removed = new List<string>();
        var unchanged = 0;

        foreach (var peer in current.Peers)
        {
            if (!wanted.ContainsKey(peer.PublicKey))
            {
                request.RemovePeer(peer.PublicKey);
                removed.Add(peer.PublicKey);
            }
        }
        foreach (var peer in wanted.Values)
        {
            var existing = current.FindPeer(peer.PublicKey);
            if (existing is null)
            {
                request.AddOrUpdatePeer(peer);
                added.Add(peer);
            }
            else if (!Matches(existing, peer))
            {
                request.AddOrUpdatePeer(peer);
                updated.Add(peer);
            }
            else
            {
                unchanged++;
            }
        }
        var changed = added.Count + updated.Count + removed.Count > 0;
        return new PeerSyncPlan(changed ? request : null, added, updated, removed, unchanged);
    }

    private static bool Matches(WireGuardPeerState existing, WireGuardUapiPeer desired) =>
        existing.AllowedIps.ToHashSet().SetEquals(desired.AllowedIps)
        && existing.AllowedIps.Count == desired.AllowedIps.Distinct().Count()
        && (desired.Endpoint is null || desired.Endpoint.Equals(existing.Endpoint))
        && string.Equals(existing.PresharedKey, Normalize(desired.PresharedKey), StringComparison.Ordinal)
        && (int)existing.PersistentKeepalive.TotalSeconds == UapiSetRequest.KeepaliveSeconds(desired.PersistentKeepalive);

    private static string? Normalize(string? key) =>
        key is null ? null : UapiKeyEncoding.TryFromHex(UapiKeyEncoding.ToHex(key, nameof(key)));
}
