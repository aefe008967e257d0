namespace OctoMesh.Bridge.Tests.Routing;

/// <summary>
/// A client in a city, by a real public address the installed DB-IP database places there (found by looking
/// addresses up in the .mmdb with the locator, no network), and the demo bridges nearest and next nearest to it
/// (great-circle distance from the city to Frankfurt, Virginia and Sydney).
/// </summary>
public sealed record CityClient(string City, string DatabaseCity, string Address, string Nearest, string NextNearest)
{
    public static readonly CityClient Sydney = new("Sydney", "Sydney", "1.1.1.1", "ap-southeast", "us-east");             // 0 / 15,676 / 16,483 km
    public static readonly CityClient London = new("London", "London", "212.58.244.1", "eu-central", "us-east");          // 638 / 5,921 km
    public static readonly CityClient NewYork = new("New York", "New York", "128.59.0.1", "us-east", "eu-central");      // 358 / 6,198 km
    public static readonly CityClient Tokyo = new("Tokyo", "Tokyo", "126.34.56.42", "ap-southeast", "eu-central");       // 7,827 / 9,332 km
    public static readonly CityClient SaoPaulo = new("São Paulo", "Sao Paulo", "191.207.39.221", "us-east", "eu-central"); // 7,655 / 9,830 km

    /// <summary>A second Londoner (another network), for "a second person from the same region".</summary>
    public static readonly CityClient SecondLondoner = new("London", "London", "81.2.69.142", "eu-central", "us-east");

    public static IReadOnlyList<CityClient> All { get; } = [Sydney, London, NewYork, Tokyo, SaoPaulo];

    public override string ToString() => $"{City} ({Address})";
}
