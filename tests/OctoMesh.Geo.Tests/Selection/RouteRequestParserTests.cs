using OctoMesh.Geo.Selection;

namespace OctoMesh.Geo.Tests.Selection;

[Trait(Tier.Name, Tier.Unit)]
public sealed class RouteRequestParserTests
{
    [Fact]
    public void A_full_query_parses()
    {
        var result = RouteRequestParser.Parse("standup", "51.51", "-0.13", "eu-central:12.5, us-east:80,eu-central:11");

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.Equal("standup", result.Query!.Room);
        Assert.Equal(new GeoCoordinate(51.51, -0.13), result.Query.Hint);
        Assert.Equal([new RttSample("eu-central", 12.5), new RttSample("us-east", 80), new RttSample("eu-central", 11)], result.Query.Rtts);
    }

    [Fact]
    public void Room_alone_is_enough()
    {
        var result = RouteRequestParser.Parse("standup", null, "", null);

        Assert.NotNull(result.Query);
        Assert.Equal(("standup", (GeoCoordinate?)null), (result.Query.Room, result.Query.Hint));
        Assert.Empty(result.Query.Rtts);
    }

    [Fact]
    public void Rtt_for_bridges_nobody_knows_is_not_an_error_here() =>
        Assert.True(RouteRequestParser.Parse("r", null, null, "no-such-bridge:5").IsValid);

    [Theory]
    [InlineData(null, null, null, null, "room")]
    [InlineData("", null, null, null, "room")]
    [InlineData("has space", null, null, null, "room")]
    [InlineData("a/b", null, null, null, "room")]
    [InlineData("r", "51.5", null, null, "lon")]
    [InlineData("r", null, "8.6", null, "lat")]
    [InlineData("r", "NaN", "0", null, "lat")]
    [InlineData("r", "0", "Infinity", null, "lon")]
    [InlineData("r", "1e999", "0", null, "lat")]
    [InlineData("r", "90.5", "0", null, "lat")]
    [InlineData("r", "0", "-181", null, "lon")]
    [InlineData("r", "0x10", "0", null, "lat")]
    [InlineData("r", "1,5", "0", null, "lat")]
    [InlineData("r", "٣", "0", null, "lat")]
    [InlineData("r", null, null, "eu-central:-1", "rtt")]
    [InlineData("r", null, null, "eu-central:NaN", "rtt")]
    [InlineData("r", null, null, "eu-central:60001", "rtt")]
    [InlineData("r", null, null, "eu-central", "rtt")]
    [InlineData("r", null, null, ":12", "rtt")]
    [InlineData("r", null, null, "eu-central:12,", "rtt")]
    [InlineData("r", null, null, "eu central:12", "rtt")]
    [InlineData("r", null, null, "eu-central:", "rtt")]
    public void Bad_values_are_reported_per_parameter_and_never_throw(string? room, string? lat, string? lon, string? rtt, string parameter)
    {
        var result = RouteRequestParser.Parse(room, lat, lon, rtt);

        Assert.False(result.IsValid);
        Assert.Null(result.Query);
        Assert.Contains(result.Errors, e => e.Parameter == parameter);
    }

    [Fact]
    public void Very_long_values_and_too_many_samples_are_refused()
    {
        var longRoom = new string('a', 10_000);
        var longRtt = string.Join(",", Enumerable.Range(0, 1000).Select(i => $"b{i}:1"));
        var manyRtts = string.Join(",", Enumerable.Range(0, RouteRequestParser.MaxRttSamples + 1).Select(i => $"b{i}:1"));

        Assert.Contains(RouteRequestParser.Parse(longRoom, null, null, null).Errors, e => e.Parameter == "room");
        Assert.Contains(RouteRequestParser.Parse("r", new string('1', 5000), "0", null).Errors, e => e.Parameter == "lat");
        Assert.Contains(RouteRequestParser.Parse("r", null, null, longRtt).Errors, e => e.Parameter == "rtt");
        Assert.Contains(RouteRequestParser.Parse("r", null, null, manyRtts).Errors, e => e.Parameter == "rtt");
    }

    [Fact]
    public void Random_input_never_throws()
    {
        var random = new Random(3);
        const string alphabet = "0123456789abcxyz-_.:,eE+ %\u0000\u00e9";
        string Noise() => new(Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());

        for (var i = 0; i < 20_000; i++)
        {
            var result = RouteRequestParser.Parse(Noise(), Noise(), Noise(), Noise());
            Assert.Equal(result.IsValid, result.Errors.Count == 0);
        }
    }
}
