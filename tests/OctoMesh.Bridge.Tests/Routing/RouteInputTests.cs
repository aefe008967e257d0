using System.Net;
using System.Text.Json;
using OctoMesh.Bridge.Configuration;
using OctoMesh.Bridge.Hosting;
using OctoMesh.Bridge.Tests.EndToEnd;

namespace OctoMesh.Bridge.Tests.Routing;

/// <summary>
/// One bridge without a registry (plain <c>dotnet run --project src/Bridge</c>): it routes to itself, and hostile
/// route queries get 400 problem+json of a stable type or a sane default, never a 500.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class RouteInputTests(BridgeServer bridge) : IClassFixture<BridgeServer>
{
    private const string BadQueryType = "https://octomesh.dev/problems/bad-route-query";

    public static TheoryData<string> BadQueries => new()
    {
        "",
        "room=",
        "room=a%20b",
        "room=" + new string('r', 65),
        "room=%E2%82%AC",
        "room=a&room=b",
        "room=a&lat=NaN&lon=0",
        "room=a&lat=91&lon=0",
        "room=a&lat=0&lon=-180.5",
        "room=a&lat=1",
        "room=a&lon=1",
        "room=a&lat=1e400&lon=0",
        "room=a&lat=0x10&lon=0",
        "room=a&lat=Infinity&lon=0",
        "room=a&lat=1,2&lon=3",
        "room=a&rtt=garbage",
        "room=a&rtt=x:-1",
        "room=a&rtt=x:NaN",
        "room=a&rtt=x:1e9",
        "room=a&rtt=:5",
        "room=a&rtt=a%20b:5",
        "room=a&rtt=x:5,,y:6",
        "room=a&rtt=" + string.Join(',', Enumerable.Range(0, 33).Select(i => $"b{i}:1")),
        "room=a&pad=" + new string('p', 2100),
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Bad_queries_get_a_400_problem_of_a_stable_type(string query)
    {
        var (status, contentType, body) = await RouteAnswer.GetRawAsync(bridge, $"api/route?{query}");
        Assert.True(status == HttpStatusCode.BadRequest, $"GET /api/route?{Shorten(query)} answered {(int)status}: {body}");
        Assert.Equal("application/problem+json", contentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(BadQueryType, problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("1.1.1.1, garbage")]
    [InlineData("0x7f.1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("10.1.2.3")]
    [InlineData("127.0.0.1")]
    [InlineData(",,,")]
    public async Task A_garbage_or_private_forwarded_address_routes_without_a_location(string forwardedFor)
    {
        var answer = await RouteAnswer.GetAsync(bridge, "room=garbage-xff", forwardedFor);
        Assert.Equal(("none", "leastLoadedNoLocation"), (answer.LocationSource, answer.ReasonCode));
    }

    [Fact]
    public async Task A_huge_forwarded_header_routes_without_a_location()
    {
        var answer = await RouteAnswer.GetAsync(bridge, "room=huge-xff", string.Join(", ", Enumerable.Repeat("1.1.1.1", 1000)));
        Assert.Equal("none", answer.LocationSource);
    }

    [Fact]
    public async Task Without_a_registry_the_bridge_routes_to_itself_and_new_rooms_are_fine()
    {
        var answer = await RouteAnswer.GetAsync(bridge, "room=a-brand-new-room&rtt=nobody-knows-me:3");
        Assert.Equal(bridge.BaseAddress.AbsoluteUri, answer.Http);
        Assert.Equal(new Uri(bridge.BaseAddress, "whip/a-brand-new-room").AbsoluteUri, answer.Whip);
        Assert.Equal($"ws://{bridge.BaseAddress.Authority}/ws/a-brand-new-room", answer.Ws);

        var hinted = await RouteAnswer.GetAsync(bridge, "room=hinted&lat=51.5&lon=-0.12");
        Assert.Equal(("hint", "hint", "nearest"), (hinted.Basis, hinted.LocationSource, hinted.ReasonCode));
        Assert.NotNull(hinted.DistanceKm);

        var located = await RouteAnswer.GetAsync(bridge, "room=located", CityClient.Tokyo.Address);
        Assert.Equal(("geoIp", "Tokyo"), (located.Basis, located.City));

        using var list = JsonDocument.Parse(await bridge.Http.GetStringAsync("api/bridges"));
        var self = list.RootElement.GetProperty("self");
        Assert.Equal(answer.BridgeId, self.GetProperty("id").GetString());
        Assert.Equal([answer.BridgeId], list.RootElement.GetProperty("bridges").EnumerateArray().Select(b => b.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Ping_is_tiny_uncached_and_open_to_any_page()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/ping");
        request.Headers.Add("Origin", "http://bridge-elsewhere.example");
        using var response = await bridge.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("--trusted-proxies", "10.0.0.0/8,not-a-network")]
    [InlineData("--trusted-proxies", "10.0.0.0/99")]
    [InlineData("--geo-database", "/nonexistent/geodata")]
    public void Bad_routing_options_stop_the_bridge_at_start_up_naming_the_option(string option, string value)
    {
        var error = Assert.Throws<BridgeConfigurationException>(() => BridgeHost.Build(["--urls", "http://127.0.0.1:0", "--media-port", "0", option, value]));
        Assert.Contains(option, error.Message);
    }

    private static string Shorten(string query) => query.Length > 80 ? query[..80] + "…" : query;
}
