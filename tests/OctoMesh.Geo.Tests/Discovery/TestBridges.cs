using System.Security.Cryptography;
using OctoMesh.Geo.Discovery;

namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>Valid bridge records on loopback for the discovery tests.</summary>
public static class TestBridges
{
    public static BridgeRecord Sample(string id, string region = "eu-west", double latitude = 51.5074, double longitude = -0.1278, int portBase = 10000) => new()
    {
        Id = id,
        Region = region,
        Latitude = latitude,
        Longitude = longitude,
        Version = "0.4.0",
        HttpUrl = new Uri($"http://127.0.0.1:{portBase + 80}/"),
        MediaAddress = $"127.0.0.1:{portBase}",
        RelayEndpoint = $"127.0.0.1:{portBase + 1}",
        GrpcEndpoint = new Uri($"https://127.0.0.1:{portBase + 443}/"),
        WireGuardPublicKey = Convert.ToBase64String(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("wg:" + id))),
        TlsCertificateSha256 = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("tls:" + id))),
        Stress = 0.1,
    };

    public static string Ids(IReadOnlyList<BridgeRecord> set) => string.Join(",", set.Select(r => r.Id));
}
