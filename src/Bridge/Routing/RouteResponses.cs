using System.Text.Json;
using System.Text.Json.Serialization;
using OctoMesh.Geo.Selection;

namespace OctoMesh.Bridge.Routing;

/// <summary>Turns a <see cref="RouteDecision"/> into the <c>GET /api/route</c> body, with the room's URLs on the chosen bridge.</summary>
public static class RouteResponses
{
    /// <summary>camelCase, nulls left out (a decision without geolocation has no distance).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The stable code of a reason: <c>roomBridgeNearby</c>, <c>nearest</c>, <c>leastLoadedAllOverloaded</c>, <c>leastLoadedNoLocation</c>.</summary>
    public static string ReasonCode(SelectionReason reason) => reason switch
    {
        SelectionReason.NoEligibleBridge => "noEligibleBridge",
        SelectionReason.RoomBridgeNearby => "roomBridgeNearby",
        SelectionReason.Nearest => "nearest",
        SelectionReason.LeastLoadedAllOverloaded => "leastLoadedAllOverloaded",
        SelectionReason.LeastLoadedNoLocation => "leastLoadedNoLocation",
        _ => reason.ToString(),
    };

    public static string Basis(LocationSource source) => source switch
    {
        LocationSource.MeasuredRtt => "measuredRtt",
        LocationSource.GeoIp => "geoIp",
        LocationSource.Hint => "hint",
        _ => "none",
    };

    /// <param name="requestBase">How the client reached this bridge (scheme://host/), for a bridge that advertises no URL.</param>
    public static RouteResponse Build(RouteDecision decision, string room, Uri requestBase)
    {
        var bridge = decision.Bridge ?? throw new ArgumentException("The decision chose no bridge.", nameof(decision));
        var selection = decision.Selection;
        return new RouteResponse(
            Describe(bridge, room, requestBase),
            selection.DistanceKm is { } km ? Math.Round(km, 1) : null,
            selection.RttMs,
            selection.Description,
            ReasonCode(selection.Reason),
            Basis(selection.LocationSource),
            Location(decision));
    }

    public static string PageUrl(RoutableBridge bridge, Uri requestBase) => WithTrailingSlash(bridge.HttpUrl ?? requestBase).AbsoluteUri;

    private static RouteResponseBridge Describe(RoutableBridge bridge, string room, Uri requestBase)
    {
        var http = WithTrailingSlash(bridge.HttpUrl ?? requestBase);
        var escapedRoom = Uri.EscapeDataString(room);
        var ws = new UriBuilder(new Uri(http, $"ws/{escapedRoom}"))
        {
            Scheme = http.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeWss : Uri.UriSchemeWs,
        };
        return new RouteResponseBridge(
            bridge.Id,
            bridge.Region,
            http.AbsoluteUri,
            new Uri(http, $"whip/{escapedRoom}").AbsoluteUri,
            new Uri(http, $"whep/{escapedRoom}").AbsoluteUri,
            ws.Uri.AbsoluteUri);
    }

    private static RouteResponseLocation Location(RouteDecision decision)
    {
        if (decision.GeoIpLocation is { } geo)
        {
            return new RouteResponseLocation("geoIp", Math.Round(geo.Latitude, 4), Math.Round(geo.Longitude, 4), geo.City, geo.CountryCode);
        }

        return decision.Hint is { } hint
            ? new RouteResponseLocation("hint", hint.Latitude, hint.Longitude, null, null)
            : new RouteResponseLocation("none", null, null, null, null);
    }

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;
}
