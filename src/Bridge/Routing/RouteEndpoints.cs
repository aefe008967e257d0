using Microsoft.AspNetCore.Http.HttpResults;
using OctoMesh.Bridge.Signaling;
using OctoMesh.Geo.Selection;

namespace OctoMesh.Bridge.Routing;

/// <summary>
/// The router's HTTP API, answered by every bridge (DESIGN.md "Discovery and routing"):
/// <list type="bullet">
/// <item><c>GET /api/route?room=R[&amp;lat=..&amp;lon=..][&amp;rtt=&lt;bridge&gt;:&lt;ms&gt;,...]</c>: the bridge to use, with the reason;</item>
/// <item><c>GET /api/bridges</c>: the bridges a client may probe before asking;</item>
/// <item><c>GET /api/ping</c>: an empty 204 for those probes (never cached; CORS allows any page to time it).</item>
/// </list>
/// Hostile input gets a 400 problem+json of type <c>bad-route-query</c> (RFC 9457), never a 500.
/// </summary>
public static class RouteEndpoints
{
    /// <summary>A route query longer than this is not one the room page sends (32 RTT samples fit well within it).</summary>
    public const int MaxQueryLength = 2048;

    public const string BadQueryType = "bad-route-query";
    public const string NoBridgeType = "no-bridge-available";

    public static void Map(WebApplication app)
    {
        // Built now, not at the first request, so bridges that drop from the registry before anyone asks are noticed.
        app.Services.GetRequiredService<RouteCandidates>();

        app.MapGet("/api/route", Route);
        app.MapGet("/api/bridges", Bridges);
        app.MapGet("/api/ping", (HttpContext context) =>
        {
            NoStore(context);
            context.Response.Headers["Timing-Allow-Origin"] = "*"; // Resource Timing may report the probe's phases to any page.
            return Results.NoContent();
        });
    }

    private static IResult Route(HttpContext context, BridgeRouter router)
    {
        NoStore(context);
        var request = context.Request;
        if (request.QueryString.Value is { Length: > MaxQueryLength } tooLong)
        {
            return BadQuery($"The query string is {tooLong.Length} characters; at most {MaxQueryLength} are accepted.", []);
        }

        var query = request.Query;
        var parsed = RouteRequestParser.Parse(query["room"].ToString(), query["lat"].ToString(), query["lon"].ToString(), query["rtt"].ToString());
        if (parsed.Query is not { } routeQuery)
        {
            return BadQuery(string.Join("; ", parsed.Errors.Select(e => $"{e.Parameter}: {e.Message}")), parsed.Errors);
        }

        var decision = router.Route(routeQuery, context.Connection.RemoteIpAddress, request.Headers["X-Forwarded-For"].ToString());
        if (decision.Bridge is null)
        {
            return Problems.Problem(StatusCodes.Status503ServiceUnavailable, NoBridgeType, "No bridge can take this room now", decision.Selection.Description);
        }

        return Results.Json(RouteResponses.Build(decision, routeQuery.Room, RequestBase(request)), RouteResponses.Json);
    }

    private static IResult Bridges(HttpContext context, BridgeRouter router)
    {
        NoStore(context);
        var requestBase = RequestBase(context.Request);
        var bridges = router.Routable().Select(b => new BridgeListEntry(b.Id, b.Region, RouteResponses.PageUrl(b, requestBase))).ToList();
        var self = router.Self();
        return Results.Json(new BridgeListResponse(new BridgeListEntry(self.Id, self.Region, RouteResponses.PageUrl(self, requestBase)), bridges), RouteResponses.Json);
    }

    private static IResult BadQuery(string detail, IReadOnlyList<RouteQueryError> errors)
    {
        var result = Problems.Problem(StatusCodes.Status400BadRequest, BadQueryType, "The route query is not valid", detail);
        if (result is ProblemHttpResult problem && errors.Count > 0)
        {
            // RFC 9457 §3.2: an extension member naming each bad parameter.
            problem.ProblemDetails.Extensions["errors"] = errors.Select(e => new { parameter = e.Parameter, message = e.Message }).ToArray();
        }

        return result;
    }

    private static void NoStore(HttpContext context) => context.Response.Headers.CacheControl = "no-store";

    private static Uri RequestBase(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}/");
}
