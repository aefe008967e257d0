using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>
/// Random 32-bit session indices (whitepaper §5.4.2: "sender index") mapped to the peer that owns
/// them, so responses, cookie replies and transport messages find their peer in O(1). Random, not
/// sequential, so indices reveal nothing about how many sessions exist. Thread-safe.
/// </summary>
internal sealed class IndexTable
{
    private readonly ConcurrentDictionary<uint, WireGuardPeer> peers = new();

    public uint Allocate(WireGuardPeer peer)
    {
        while (true)
        {
            uint index = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
            if (index != 0 && peers.TryAdd(index, peer))
            {
                return index;
            }
        }
    }

    public bool TryGet(uint index, out WireGuardPeer peer) => peers.TryGetValue(index, out peer!);

    public void Remove(uint index) => peers.TryRemove(index, out _);
}
