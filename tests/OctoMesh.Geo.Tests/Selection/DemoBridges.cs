using OctoMesh.Geo.Selection;

namespace OctoMesh.Geo.Tests.Selection;

/// <summary>The demo's three bridges with real coordinates, and client locations for the acceptance cities.</summary>
internal static class DemoBridges
{
    public const string EuCentral = "eu-central";
    public const string UsEast = "us-east";
    public const string ApSoutheast = "ap-southeast";

    public static readonly GeoCoordinate Sydney = new(-33.87, 151.21);
    public static readonly GeoCoordinate London = new(51.51, -0.13);
    public static readonly GeoCoordinate Paris = new(48.86, 2.35);
    public static readonly GeoCoordinate NewYork = new(40.71, -74.01);
    public static readonly GeoCoordinate Tokyo = new(35.68, 139.69);
    public static readonly GeoCoordinate SaoPaulo = new(-23.55, -46.63);

    public static BridgeCandidate Frankfurt(double stress = 0, bool draining = false, bool healthy = true, string version = "1") =>
        new(EuCentral, EuCentral, 50.11, 8.68, version) { Stress = stress, Draining = draining, Healthy = healthy };

    public static BridgeCandidate Virginia(double stress = 0, bool draining = false, bool healthy = true, string version = "1") =>
        new(UsEast, UsEast, 38.95, -77.45, version) { Stress = stress, Draining = draining, Healthy = healthy };

    public static BridgeCandidate SydneyBridge(double stress = 0, bool draining = false, bool healthy = true, string version = "1") =>
        new(ApSoutheast, ApSoutheast, -33.87, 151.21, version) { Stress = stress, Draining = draining, Healthy = healthy };

    public static BridgeCandidate[] All() => [Frankfurt(), Virginia(), SydneyBridge()];

    public static GeoCoordinate City(string name) => name switch
    {
        "Sydney" => Sydney,
        "London" => London,
        "New York" => NewYork,
        "Tokyo" => Tokyo,
        "Sao Paulo" => SaoPaulo,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
