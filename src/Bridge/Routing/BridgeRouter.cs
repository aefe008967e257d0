using System.Net;
using OctoMesh.Geo.Selection;

namespace OctoMesh.Bridge.Routing;

/// <summary>
/// Answers "which bridge should this client use for room R" on any bridge (DESIGN.md "Discovery and routing": no
/// central coordinator). Puts together what the selector needs: the registry's bridges (<see cref="RouteCandidates"/>),
/// the client's geolocated address, its RTT samples and hint, and who is already in the room
/// (<see cref="RoomDirectory"/>). Each decision also counts as a join on the chosen bridge for the selector's
/// recent-join window (<see cref="SelectionOptions.CountDecisionsAsJoins"/>), so a burst of people is spread before
/// the bridges' stress reports catch up.
/// </summary>
public sealed class BridgeRouter(
    RouteCandidates candidates,
    BridgeSelector selector,
    RoomDirectory rooms,
    ClientGeolocation geolocation,
    ILogger<BridgeRouter> logger)
{
    public RouteDecision Route(RouteQuery query, IPAddress? peer, string? forwardedFor)
    {
        var set = candidates.Current();
        var location = geolocation.Locate(peer, forwardedFor);
        GeoCoordinate? geoIp = location is not null && GeoCoordinate.TryCreate(location.Latitude, location.Longitude, out var at) ? at : null;
        var request = new RouteRequest
        {
            Room = query.Room,
            Candidates = set.Candidates,
            Rtts = query.Rtts,
            GeoIpLocation = geoIp,
            Hint = query.Hint,
            RoomParticipants = rooms.ParticipantsByBridge(query.Room, candidates.SelfId),
        };

        var result = selector.Select(request);
        RoutableBridge? bridge = null;
        if (result.Bridge is { } chosen)
        {
            bridge = set.Bridges[chosen.Id];
            if (logger.IsEnabled(LogLevel.Debug))
            {
                RoutingLog.Routed(logger, query.Room, chosen.Id, RouteResponses.ReasonCode(result.Reason), result.Description);
            }
        }
        else
        {
            RoutingLog.NoBridge(logger, query.Room, result.Description);
        }

        return new RouteDecision(result, bridge, geoIp is null ? null : location, query.Hint);
    }

    /// <summary>The bridges a client may probe: healthy, not draining.</summary>
    public IReadOnlyList<RoutableBridge> Routable()
    {
        var set = candidates.Current();
        return [.. set.Candidates.Where(c => c.Healthy && !c.Draining).Select(c => set.Bridges[c.Id])];
    }

    /// <summary>This bridge as the registry advertises it, or as it knows itself before (or without) a registry.</summary>
    public RoutableBridge Self() => candidates.Current().Bridges.GetValueOrDefault(candidates.SelfId) ?? candidates.LocalSelf;
}
