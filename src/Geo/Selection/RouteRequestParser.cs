using System.Globalization;

namespace OctoMesh.Geo.Selection;

/// <summary>
/// Parses the query parameters of GET /api/route. Hostile input (huge values, NaN, out-of-range coordinates,
/// negative or absurd RTTs, malformed lists) yields errors, never exceptions; the API answers them with
/// 400 problem+json. RTT samples for bridges nobody knows are not errors here: the selector ignores them.
/// Pass each parameter as the raw query value; repeated parameters joined with ',' (StringValues.ToString()).
/// </summary>
public static class RouteRequestParser
{
    /// <summary>Room names as the bridge accepts them elsewhere (Signaling/RoomNames): letters, digits, '.', '_', '-'.</summary>
    public const int MaxRoomLength = 64;
    public const int MaxBridgeIdLength = 64;
    public const int MaxCoordinateLength = 32;
    public const int MaxRttLength = 2048;
    public const int MaxRttSamples = 32;

    /// <summary>A round trip longer than a minute is not a measurement.</summary>
    public const double MaxRttMs = 60_000;

    public static RouteQueryParseResult Parse(string? room, string? latitude, string? longitude, string? rtt)
    {
        var errors = new List<RouteQueryError>();
        if (string.IsNullOrEmpty(room))
            errors.Add(new("room", "required"));
        else if (!IsName(room, MaxRoomLength))
            errors.Add(new("room", $"must be 1 to {MaxRoomLength} letters, digits, '.', '_' or '-'"));

        var hint = ParseHint(latitude, longitude, errors);
        var rtts = ParseRtts(rtt, errors);
        return errors.Count == 0
            ? new RouteQueryParseResult(new RouteQuery(room!, hint, rtts), [])
            : new RouteQueryParseResult(null, errors);
    }

    private static GeoCoordinate? ParseHint(string? latitude, string? longitude, List<RouteQueryError> errors)
    {
        var hasLatitude = !string.IsNullOrEmpty(latitude);
        var hasLongitude = !string.IsNullOrEmpty(longitude);
        if (!hasLatitude && !hasLongitude)
            return null;
        if (hasLatitude != hasLongitude)
        {
            errors.Add(new(hasLatitude ? "lon" : "lat", "lat and lon go together"));
            return null;
        }
        var latitudeOk = TryParseNumber(latitude!, MaxCoordinateLength, out var lat) && lat is >= -90 and <= 90;
        var longitudeOk = TryParseNumber(longitude!, MaxCoordinateLength, out var lon) && lon is >= -180 and <= 180;
        if (!latitudeOk)
            errors.Add(new("lat", "must be a number of degrees in [-90, 90]"));
        if (!longitudeOk)
            errors.Add(new("lon", "must be a number of degrees in [-180, 180]"));
        return latitudeOk && longitudeOk ? new GeoCoordinate(lat, lon) : null;
    }

    private static IReadOnlyList<RttSample> ParseRtts(string? text, List<RouteQueryError> errors)
    {
        if (string.IsNullOrEmpty(text))
            return [];
        if (text.Length > MaxRttLength)
        {
            errors.Add(new("rtt", $"longer than {MaxRttLength} characters"));
            return [];
        }
        var samples = new List<RttSample>();
        foreach (var range in text.AsSpan().Split(','))
        {
            var entry = text.AsSpan(range).Trim();
            if (samples.Count == MaxRttSamples)
            {
                errors.Add(new("rtt", $"more than {MaxRttSamples} samples"));
                return [];
            }
            var colon = entry.LastIndexOf(':');
            if (colon <= 0)
            {
                errors.Add(new("rtt", "each sample must be <bridge>:<milliseconds>"));
                return [];
            }
            var bridgeId = entry[..colon];
            if (!IsName(bridgeId, MaxBridgeIdLength))
            {
                errors.Add(new("rtt", $"bridge ids are 1 to {MaxBridgeIdLength} letters, digits, '.', '_' or '-'"));
                return [];
            }
            if (!TryParseNumber(entry[(colon + 1)..], MaxCoordinateLength, out var milliseconds) || milliseconds is < 0 or > MaxRttMs)
            {
                errors.Add(new("rtt", $"round-trip times are numbers of milliseconds in [0, {MaxRttMs}]"));
                return [];
            }
            samples.Add(new RttSample(bridgeId.ToString(), milliseconds));
        }
        return samples;
    }

    /// <summary>A plain decimal number: no NaN, no infinity, no thousands separators, no hex; invariant culture.</summary>
    private static bool TryParseNumber(ReadOnlySpan<char> text, int maxLength, out double value)
    {
        value = 0;
        text = text.Trim();
        return text.Length is > 0 && text.Length <= maxLength
            && !text.ContainsAnyExcept("0123456789+-.eE")
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    private static bool IsName(ReadOnlySpan<char> name, int maxLength)
    {
        if (name.Length is 0 || name.Length > maxLength)
            return false;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
                return false;
        }
        return true;
    }
}
