using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OctoMesh.Bridge.Tests.EndToEnd;
using Xunit.Sdk;

namespace OctoMesh.Bridge.Tests.Routing;

/// <summary>What <c>GET /api/route</c> answered, read from its JSON.</summary>
public sealed record RouteAnswer(string BridgeId, string Region, string Http, string Whip, string Ws, string ReasonCode, string Reason,
    string Basis, string LocationSource, string? City, double? DistanceKm, double? RttMs)
{
    /// <summary>Asks <paramref name="bridge"/> for a route, as a client behind a trusted proxy on loopback when <paramref name="forwardedFor"/> is given.</summary>
    public static async Task<RouteAnswer> GetAsync(BridgeServer bridge, string query, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/route?{query}");
        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        }

        using var response = await bridge.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new XunitException($"GET /api/route?{query} (X-Forwarded-For {forwardedFor ?? "none"}) answered {(int)response.StatusCode}: {body}{Environment.NewLine}bridge log: {bridge.Log}");
        }

        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var chosen = root.GetProperty("bridge");
        var location = root.GetProperty("location");
        return new RouteAnswer(
            chosen.GetProperty("id").GetString()!,
            chosen.GetProperty("region").GetString()!,
            chosen.GetProperty("http").GetString()!,
            chosen.GetProperty("whip").GetString()!,
            chosen.GetProperty("ws").GetString()!,
            root.GetProperty("reasonCode").GetString()!,
            root.GetProperty("reason").GetString()!,
            root.GetProperty("basis").GetString()!,
            location.GetProperty("source").GetString()!,
            location.TryGetProperty("city", out var city) ? city.GetString() : null,
            root.TryGetProperty("distanceKm", out var km) ? km.GetDouble() : null,
            root.TryGetProperty("rttMs", out var rtt) ? rtt.GetDouble() : null);
    }

    /// <summary>A problem+json answer: status, content type and body.</summary>
    public static async Task<(HttpStatusCode Status, MediaTypeHeaderValue? ContentType, string Body)> GetRawAsync(BridgeServer bridge, string pathAndQuery, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        }

        using var response = await bridge.Http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType, await response.Content.ReadAsStringAsync());
    }
}
