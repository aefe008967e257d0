namespace OctoMesh.Bridge.Hosting;

/// <summary>One bridge of the <c>demo</c> mesh: where it is and which loopback ports it uses.</summary>
public sealed record DemoBridge(string Id, string Region, string City, double Latitude, double Longitude,
    int HttpPort, int MediaPort, int GrpcPort, int RelayPort, string OverlayAddress)
{
    /// <summary>The three regions of the demo, ports counting up from the defaults of a single bridge.</summary>
    public static IReadOnlyList<DemoBridge> Defaults { get; } =
    [
        new("eu-central", "eu-central", "Frankfurt", 50.11, 8.68, 8080, 10000, 9080, 51820, "10.99.0.1"),
        new("us-east", "us-east", "Virginia", 38.95, -77.45, 8081, 10001, 9081, 51821, "10.99.0.2"),
        new("ap-southeast", "ap-southeast", "Sydney", -33.87, 151.21, 8082, 10002, 9082, 51822, "10.99.0.3"),
    ];

    public string[] ToArguments(bool freePorts) =>
    [
        "--urls", $"http://127.0.0.1:{(freePorts ? 0 : HttpPort)}",
        "--media-port", (freePorts ? 0 : MediaPort).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--grpc-port", (freePorts ? 0 : GrpcPort).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--relay-port", (freePorts ? 0 : RelayPort).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--bridge-id", Id,
        "--region", Region,
        "--latitude", Latitude.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--longitude", Longitude.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--overlay-address", OverlayAddress,
        "--log-to-stderr", "true",
    ];
}
