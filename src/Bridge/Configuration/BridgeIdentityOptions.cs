namespace OctoMesh.Bridge.Configuration;

/// <summary>Who and where this bridge is: its id in the mesh, its region and location, the URL clients use.</summary>
public sealed class BridgeIdentityOptions : IValidatedOptions
{
    public static IReadOnlyDictionary<string, string> Switches { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--bridge-id"] = nameof(BridgeId),
        ["--region"] = nameof(Region),
        ["--latitude"] = nameof(Latitude),
        ["--longitude"] = nameof(Longitude),
        ["--public-url"] = nameof(PublicUrl),
    };

    /// <summary>This bridge's id in the mesh (<c>--bridge-id</c>); unique among bridges.</summary>
    public string BridgeId { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>Region name shown to clients and operators (<c>--region</c>).</summary>
    public string Region { get; set; } = "local";

    /// <summary>Where the bridge is (<c>--latitude</c>, <c>--longitude</c>), for geo-routing.</summary>
    public double Latitude { get; set; }

    public double Longitude { get; set; }

    /// <summary>The URL clients use to reach this bridge (<c>--public-url</c>); defaults to the first listen URL.</summary>
    public string? PublicUrl { get; set; }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(BridgeId) || BridgeId.Length > 64 || !BridgeId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add($"--bridge-id must be 1-64 letters, digits, '-', '_' or '.' (got '{BridgeId}').");
        }

        if (Latitude is < -90 or > 90 || double.IsNaN(Latitude) || Longitude is < -180 or > 180 || double.IsNaN(Longitude))
        {
            errors.Add($"--latitude must be -90..90 and --longitude -180..180 (got {Latitude}, {Longitude}).");
        }

        if (PublicUrl is not null && !Uri.TryCreate(PublicUrl, UriKind.Absolute, out _))
        {
            errors.Add($"--public-url must be an absolute URL (got '{PublicUrl}').");
        }

        return errors;
    }
}
