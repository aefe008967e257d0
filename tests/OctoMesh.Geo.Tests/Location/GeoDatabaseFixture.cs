using OctoMesh.Geo.Location;

namespace OctoMesh.Geo.Tests.Location;

/// <summary>
/// The DB-IP city database the build restored into the test output (geodata/). When it is missing, Open throws a
/// FileNotFoundException that says how it is restored, so every test using it fails with that message.
/// </summary>
public sealed class GeoDatabaseFixture : IDisposable
{
    public GeoDatabaseFixture() => Locator = DbipCityLocator.Open();

    public DbipCityLocator Locator { get; }

    public void Dispose() => Locator.Dispose();
}
