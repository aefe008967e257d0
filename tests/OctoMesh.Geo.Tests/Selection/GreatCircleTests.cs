using OctoMesh.Geo.Selection;

namespace OctoMesh.Geo.Tests.Selection;

[Trait(Tier.Name, Tier.Unit)]
public sealed class GreatCircleTests
{
    [Theory]
    [InlineData(51.5074, -0.1278, 40.7128, -74.0060, 5570)]     // London – New York
    [InlineData(50.11, 8.68, -33.87, 151.21, 16480)]            // Frankfurt – Sydney
    [InlineData(0, 0, 0, 180, 20015)]                           // half the equator
    [InlineData(90, 0, -90, 0, 20015)]                          // pole to pole
    [InlineData(48.8566, 2.3522, 48.8566, 2.3522, 0)]           // same point
    [InlineData(0, 179.99, 0, -179.99, 2.2)]                    // across the antimeridian
    public void Haversine_distances_match_known_values(double lat1, double lon1, double lat2, double lon2, double expectedKm)
    {
        var distance = GreatCircle.DistanceKm(new GeoCoordinate(lat1, lon1), new GeoCoordinate(lat2, lon2));

        Assert.True(Math.Abs(distance - expectedKm) <= Math.Max(expectedKm * 0.005, 0.1), $"{distance:0.0} km, expected about {expectedKm} km");
    }

    [Theory]
    [InlineData(double.NaN, 0)]
    [InlineData(0, double.PositiveInfinity)]
    [InlineData(90.0001, 0)]
    [InlineData(0, -180.5)]
    public void Coordinates_outside_the_globe_are_refused(double latitude, double longitude)
    {
        Assert.False(GeoCoordinate.TryCreate(latitude, longitude, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GeoCoordinate(latitude, longitude));
    }
}
