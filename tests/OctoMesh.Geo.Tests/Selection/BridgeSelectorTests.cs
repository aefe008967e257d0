using Microsoft.Extensions.Time.Testing;
using OctoMesh.Geo.Selection;
using static OctoMesh.Geo.Tests.Selection.DemoBridges;

namespace OctoMesh.Geo.Tests.Selection;

[Trait(Tier.Name, Tier.Unit)]
public sealed class BridgeSelectorTests
{
    private readonly FakeTimeProvider _clock = new();

    private BridgeSelector Selector(SelectionOptions? options = null) => new(options ?? new SelectionOptions(), _clock);

    private static RouteRequest From(GeoCoordinate client, IReadOnlyList<BridgeCandidate> bridges, string room = "standup") =>
        new() { Room = room, Candidates = bridges, GeoIpLocation = client };

    [Theory]
    [InlineData("Sydney", ApSoutheast)]
    [InlineData("London", EuCentral)]
    [InlineData("New York", UsEast)]
    [InlineData("Tokyo", ApSoutheast)]
    [InlineData("Sao Paulo", UsEast)]
    public void Clients_land_on_the_nearest_bridge(string city, string expected)
    {
        var result = Selector().Select(From(City(city), All()));

        Assert.Equal(expected, result.Bridge?.Id);
        Assert.Equal(SelectionReason.Nearest, result.Reason);
        Assert.Equal(LocationSource.GeoIp, result.LocationSource);
        Assert.Null(result.NearerBridgeSkipped);
        Assert.Equal(3, result.CandidatesConsidered);
    }

    [Theory]
    [InlineData("Sydney", UsEast)]
    [InlineData("London", UsEast)]
    [InlineData("New York", EuCentral)]
    [InlineData("Tokyo", EuCentral)]
    [InlineData("Sao Paulo", EuCentral)]
    public void With_the_nearest_bridge_draining_clients_land_on_the_next_nearest(string city, string expected)
    {
        var nearest = Selector().Select(From(City(city), All())).Bridge!.Id;
        BridgeCandidate[] bridges = [Frankfurt(draining: nearest == EuCentral), Virginia(draining: nearest == UsEast), SydneyBridge(draining: nearest == ApSoutheast)];

        var result = Selector().Select(From(City(city), bridges));

        Assert.Equal(expected, result.Bridge?.Id);
        Assert.Equal(SelectionReason.Nearest, result.Reason);
        Assert.Equal(2, result.CandidatesConsidered);
    }

    [Theory]
    [InlineData("Sydney", UsEast)]
    [InlineData("London", UsEast)]
    [InlineData("New York", EuCentral)]
    [InlineData("Tokyo", EuCentral)]
    [InlineData("Sao Paulo", EuCentral)]
    public void With_the_nearest_bridge_over_its_stress_threshold_clients_land_on_the_next_nearest(string city, string expected)
    {
        var nearest = Selector().Select(From(City(city), All())).Bridge!.Id;
        BridgeCandidate[] bridges = [Frankfurt(nearest == EuCentral ? 0.85 : 0.3), Virginia(nearest == UsEast ? 0.85 : 0.3), SydneyBridge(nearest == ApSoutheast ? 0.85 : 0.3)];

        var result = Selector().Select(From(City(city), bridges));

        Assert.Equal(expected, result.Bridge?.Id);
        Assert.Equal(nearest, result.NearerBridgeSkipped?.Id);
        Assert.Contains("overloaded", result.Description);
    }

    [Fact]
    public void A_second_person_from_the_same_region_joins_the_room_on_its_bridge_there()
    {
        // A bridge in London as well: the Parisian is nearer to it, but the room already lives in Frankfurt.
        BridgeCandidate[] bridges = [.. All(), new BridgeCandidate("eu-west", "eu-west", 51.51, -0.13, "1")];
        var selector = Selector();

        var first = selector.Select(From(new GeoCoordinate(50.94, 6.96) /* Cologne */, bridges, room: "standup"));
        var second = selector.Select(From(Paris, bridges, room: "standup"));
        var elsewhere = selector.Select(From(Paris, bridges, room: "another-room"));

        Assert.Equal(EuCentral, first.Bridge?.Id);
        Assert.Equal(EuCentral, second.Bridge?.Id);
        Assert.Equal(SelectionReason.RoomBridgeNearby, second.Reason);
        Assert.Contains("already hosts the room", second.Description);
        Assert.Equal("eu-west", elsewhere.Bridge?.Id);
    }

    [Fact]
    public void The_room_directory_counts_as_much_as_the_selectors_own_decisions()
    {
        BridgeCandidate[] bridges = [.. All(), new BridgeCandidate("eu-west", "eu-west", 51.51, -0.13, "1")];
        var request = From(Paris, bridges) with { RoomParticipants = new Dictionary<string, int> { [EuCentral] = 4 } };

        var result = Selector().Select(request);

        Assert.Equal(EuCentral, result.Bridge?.Id);
        Assert.Equal(SelectionReason.RoomBridgeNearby, result.Reason);
    }

    [Fact]
    public void A_room_bridge_far_from_the_client_is_not_preferred()
    {
        var request = From(London, All()) with { RoomParticipants = new Dictionary<string, int> { [UsEast] = 3 } };

        var result = Selector().Select(request);

        Assert.Equal(EuCentral, result.Bridge?.Id);
        Assert.Equal(SelectionReason.Nearest, result.Reason);
    }

    [Fact]
    public void Measured_rtt_beats_geolocation_which_beats_a_hint()
    {
        var selector = Selector(new SelectionOptions { CountDecisionsAsJoins = false });
        var geolocatedInLondon = From(London, All()) with { Hint = Sydney };

        var byRtt = selector.Select(geolocatedInLondon with { Rtts = [new(UsEast, 20), new(EuCentral, 95), new(EuCentral, 90)] });
        var byGeo = selector.Select(geolocatedInLondon);
        var byHint = selector.Select(geolocatedInLondon with { GeoIpLocation = null });

        Assert.Equal((UsEast, LocationSource.MeasuredRtt, 20.0), (byRtt.Bridge?.Id, byRtt.LocationSource, byRtt.RttMs));
        Assert.Contains("measured RTT 20 ms", byRtt.Description);
        Assert.Equal((EuCentral, LocationSource.GeoIp), (byGeo.Bridge?.Id, byGeo.LocationSource));
        Assert.Equal((ApSoutheast, LocationSource.Hint), (byHint.Bridge?.Id, byHint.LocationSource));
        Assert.True(byGeo.DistanceKm is > 500 and < 700, $"London to Frankfurt: {byGeo.DistanceKm} km");
    }

    [Fact]
    public void Rtt_samples_for_unknown_or_ineligible_bridges_are_ignored()
    {
        var request = From(London, [Frankfurt(), Virginia(draining: true), SydneyBridge()]) with
        {
            Rtts = [new("no-such-bridge", 1), new(UsEast, 2), new(ApSoutheast, double.NaN), new(ApSoutheast, -5)],
        };

        var result = Selector().Select(request);

        Assert.Equal((EuCentral, LocationSource.GeoIp), (result.Bridge?.Id, result.LocationSource));
    }

    [Fact]
    public void A_measured_bridge_ranks_before_an_unmeasured_one_even_if_the_unmeasured_is_nearer_on_the_map()
    {
        var request = From(London, All()) with { Rtts = [new(ApSoutheast, 250)] };

        Assert.Equal(ApSoutheast, Selector().Select(request).Bridge?.Id);
    }

    [Fact]
    public void Without_any_location_the_least_loaded_bridge_is_chosen_and_the_reason_says_so()
    {
        var request = new RouteRequest { Room = "standup", Candidates = [Frankfurt(0.5), Virginia(0.2), SydneyBridge(0.4)] };

        var result = Selector().Select(request);

        Assert.Equal((UsEast, SelectionReason.LeastLoadedNoLocation, LocationSource.None), (result.Bridge?.Id, result.Reason, result.LocationSource));
        Assert.Null(result.DistanceKm);
        Assert.Contains("location is unknown", result.Description);
    }

    [Fact]
    public void When_every_bridge_is_overloaded_the_least_loaded_is_chosen()
    {
        var result = Selector().Select(From(London, [Frankfurt(0.95), Virginia(0.9), SydneyBridge(1.4)]));

        Assert.Equal((UsEast, SelectionReason.LeastLoadedAllOverloaded), (result.Bridge?.Id, result.Reason));
    }

    [Fact]
    public void Unhealthy_draining_and_version_mismatched_bridges_are_never_chosen()
    {
        var selector = Selector(new SelectionOptions { RequiredVersion = "2" });
        BridgeCandidate[] bridges = [Frankfurt(healthy: false, version: "2"), Virginia(draining: true, version: "2"), SydneyBridge(version: "1")];

        var result = selector.Select(From(London, bridges));

        Assert.Equal(SelectionReason.NoEligibleBridge, result.Reason);
        Assert.Null(result.Bridge);
        Assert.Equal((3, 0), (result.CandidatesTotal, result.CandidatesConsidered));
        Assert.Contains("no eligible bridge", result.Description);
        Assert.Equal(ApSoutheast, Selector(new SelectionOptions { RequiredVersion = "1" }).Select(From(London, bridges)).Bridge?.Id);
    }

    [Fact]
    public void A_bridge_that_just_failed_is_avoided_for_the_cool_down()
    {
        var selector = Selector(new SelectionOptions { FailureCooldown = TimeSpan.FromSeconds(30) });
        selector.ReportFailure(EuCentral);

        var during = selector.Select(From(London, All(), room: "a"));
        _clock.Advance(TimeSpan.FromSeconds(29));
        var stillDuring = selector.Select(From(London, All(), room: "b"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var after = selector.Select(From(London, All(), room: "c"));

        Assert.Equal(UsEast, during.Bridge?.Id);
        Assert.Equal(UsEast, stillDuring.Bridge?.Id);
        Assert.Equal(EuCentral, after.Bridge?.Id);
    }

    [Fact]
    public void A_failure_reported_between_decisions_over_the_same_list_is_seen()
    {
        var selector = Selector();
        var bridges = All();

        var before = selector.Select(From(London, bridges, room: "a"));
        selector.ReportFailure(EuCentral);
        var after = selector.Select(From(London, bridges, room: "b"));

        Assert.Equal((EuCentral, UsEast), (before.Bridge?.Id, after.Bridge?.Id));
    }

    [Fact]
    public void When_only_failed_bridges_are_left_one_of_them_is_used_and_the_reason_says_so()
    {
        var selector = Selector();
        selector.ReportFailure(EuCentral);
        selector.ReportFailure(UsEast);

        var result = selector.Select(From(London, [Frankfurt(), Virginia()]));

        Assert.Equal(EuCentral, result.Bridge?.Id);
        Assert.True(result.CoolingDownBridgeUsed);
        Assert.Contains("failed recently", result.Description);
    }

    [Fact]
    public void A_room_holds_at_most_the_cap_per_bridge_then_cascades_to_the_next_nearest()
    {
        var selector = Selector(new SelectionOptions { MaxParticipantsPerRoomPerBridge = 2 });

        var ids = Enumerable.Range(0, 3).Select(_ => selector.Select(From(London, All())).Bridge!.Id).ToArray();
        var otherRoom = selector.Select(From(London, All(), room: "other"));
        var fullByDirectory = Selector(new SelectionOptions { MaxParticipantsPerRoomPerBridge = 2 })
            .Select(From(London, All()) with { RoomParticipants = new Dictionary<string, int> { [EuCentral] = 2 } });

        Assert.Equal([EuCentral, EuCentral, UsEast], ids);
        Assert.Equal(EuCentral, otherRoom.Bridge?.Id);
        Assert.Equal((UsEast, EuCentral), (fullByDirectory.Bridge?.Id, fullByDirectory.NearerBridgeSkipped?.Id));
    }

    [Fact]
    public void Recent_joins_raise_the_stress_estimate_until_the_window_passes()
    {
        var selector = Selector(new SelectionOptions { StressPerJoin = 0.01, OverloadThreshold = 0.8, RecentJoinWindow = TimeSpan.FromSeconds(20) });
        BridgeCandidate[] bridges = [Frankfurt(0.755), Virginia(0.1), SydneyBridge(0.1)];

        // Each London join lands in its own room so that only the stress correction is at play.
        var burst = Enumerable.Range(0, 6).Select(i => selector.Select(From(London, bridges, room: $"r{i}")).Bridge!.Id).ToArray();
        _clock.Advance(TimeSpan.FromSeconds(21));
        var later = selector.Select(From(London, bridges, room: "r-later"));

        Assert.Equal([EuCentral, EuCentral, EuCentral, EuCentral, EuCentral, UsEast], burst);
        Assert.Equal(EuCentral, later.Bridge?.Id);
    }

    [Fact]
    public void Joins_the_bridge_reported_itself_count_as_well()
    {
        BridgeCandidate[] bridges = [new(EuCentral, EuCentral, 50.11, 8.68, "1") { Stress = 0.755, RecentJoins = 5 }, Virginia(), SydneyBridge()];

        Assert.Equal(UsEast, Selector().Select(From(London, bridges)).Bridge?.Id);
    }

    [Fact]
    public void Ties_are_broken_by_id_whatever_the_order()
    {
        BridgeCandidate Twin(string id) => new(id, "eu", 50.11, 8.68, "1") { Stress = 0.1 };
        BridgeCandidate[] forward = [Twin("b"), Twin("a"), Twin("c")];
        BridgeCandidate[] backward = [.. forward.Reverse()];
        var options = new SelectionOptions { CountDecisionsAsJoins = false };

        Assert.Equal("a", Selector(options).Select(From(London, forward)).Bridge?.Id);
        Assert.Equal("a", Selector(options).Select(From(London, backward)).Bridge?.Id);
        Assert.Equal("a", Selector(options).Select(new RouteRequest { Room = "r", Candidates = backward }).Bridge?.Id);
    }

    [Fact]
    public void Equal_inputs_give_equal_decisions_among_many_bridges_in_any_order()
    {
        var random = new Random(11);
        var bridges = Enumerable.Range(0, 1000).Select(i => new BridgeCandidate($"b{i:0000}", "r", random.NextDouble() * 180 - 90, random.NextDouble() * 360 - 180, "1")
        {
            Stress = random.NextDouble(),
            Draining = random.Next(20) == 0,
        }).ToArray();
        var shuffled = bridges.OrderBy(_ => random.Next()).ToArray();
        var options = new SelectionOptions { CountDecisionsAsJoins = false };

        for (var i = 0; i < 200; i++)
        {
            var client = new GeoCoordinate(random.NextDouble() * 180 - 90, random.NextDouble() * 360 - 180);
            var a = Selector(options).Select(From(client, bridges));
            var b = Selector(options).Select(From(client, shuffled));
            Assert.Equal(a.Bridge, b.Bridge);
            Assert.Equal(a.Reason, b.Reason);
            Assert.False(a.Bridge!.Draining);
            Assert.True(a.Bridge.Stress < 0.8);
        }
    }

    [Fact]
    public void Invalid_options_fail_at_construction_with_the_setting_named()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Selector(new SelectionOptions { MaxParticipantsPerRoomPerBridge = 0 }));

        Assert.Equal(nameof(SelectionOptions.MaxParticipantsPerRoomPerBridge), error.ParamName);
    }
}
