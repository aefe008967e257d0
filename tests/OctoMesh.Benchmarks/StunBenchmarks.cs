using System.Net;
using BenchmarkDotNet.Attributes;
using OctoMesh.Media.Ice;
using OctoMesh.Media.Stun;

namespace OctoMesh.Benchmarks;

/// <summary>
/// The STUN edge path: session lookup by ufrag, full parse, and one ICE-lite check answered
/// (HMAC-SHA1 twice, CRC-32 twice). All should allocate 0 bytes.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class StunBenchmarks
{
    private const string BridgeUfrag = "brdgUfrg";
    private const string BridgePassword = "bridgePasswordOf24Chars+";

    private readonly IPEndPoint _remote = new(IPAddress.Parse("198.51.100.10"), 54321);
    private readonly byte[] _response = new byte[IceLiteAgent.MaxResponseSize];
    private IceLiteAgent _agent = null!;
    private byte[] _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _agent = new IceLiteAgent(BridgeUfrag, BridgePassword, TimeProvider.System) { RemoteUfrag = "brws" };
        var client = new IceControllingClient("brws", "browserPasswordOf24Char/", BridgeUfrag, BridgePassword);
        var buffer = new byte[IceControllingClient.MaxRequestSize];
        int length = client.WriteBindingRequest(buffer, useCandidate: true, priority: 0x6E7F1EFF, out _);
        _request = buffer.AsSpan(0, length).ToArray();
    }

    [Benchmark]
    public int LocalUfragLookup() => StunMessage.TryGetLocalUfrag(_request, out var ufrag) ? ufrag.Length : 0;

    [Benchmark]
    public StunParseStatus Parse() => StunReader.TryParse(_request, out _);

    [Benchmark]
    public IceCheckOutcome AnswerCheck() => _agent.HandleBindingRequest(_request, _remote, _response, out _);
}
