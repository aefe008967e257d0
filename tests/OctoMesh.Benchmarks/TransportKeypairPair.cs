using OctoMesh.Relay.WireGuard.Noise;

namespace OctoMesh.Benchmarks;

/// <summary>Two ends of one WireGuard transport session with random keys, for data-plane benchmarks.</summary>
internal static class TransportKeypairPair
{
    public static (TransportKeypair Sender, TransportKeypair Receiver) Create()
    {
        byte[] keyOne = new byte[32];
        byte[] keyTwo = new byte[32];
        Random.Shared.NextBytes(keyOne);
        Random.Shared.NextBytes(keyTwo);
        return (new TransportKeypair(keyOne, keyTwo, 1, 2, isInitiator: true, 0),
                new TransportKeypair(keyTwo, keyOne, 2, 1, isInitiator: false, 0));
    }
}
