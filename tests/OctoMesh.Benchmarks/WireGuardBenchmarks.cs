using BenchmarkDotNet.Attributes;
using OctoMesh.Relay.WireGuard.Noise;

namespace OctoMesh.Benchmarks;

/// <summary>
/// The relay's per-packet WireGuard cost: seal then open of a 1200-byte payload with a
/// transport keypair (ChaCha20Poly1305, padding, header, replay window). Must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class WireGuardBenchmarks
{
    private const int PayloadLength = 1200;

    private readonly byte[] payload = new byte[PayloadLength];
    private readonly byte[] message = new byte[MessageLayout.TransportSize(PayloadLength)];
    private readonly byte[] opened = new byte[MessageLayout.TransportSize(PayloadLength)];
    private TransportKeypair sender = null!;
    private TransportKeypair receiver = null!;

    [GlobalSetup]
    public void Setup()
    {
        Random.Shared.NextBytes(payload);
        (sender, receiver) = TransportKeypairPair.Create();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        sender.Dispose();
        receiver.Dispose();
    }

    [Benchmark]
    public int SealOpen1200()
    {
        int length = sender.Seal(payload, message);
        if (receiver.Open(message.AsSpan(0, length), opened, out int written) != TransportOpenResult.Ok)
        {
            throw new InvalidOperationException("The sealed message did not open.");
        }
        return written;
    }
}
