using System.Net;
using OctoMesh.Bridge.Configuration;
using OctoMesh.Geo.Location;

namespace OctoMesh.Bridge.Routing;

/// <summary>How the router locates clients: which reverse proxies it believes, and where the city database is.</summary>
public sealed class RoutingOptions : IValidatedOptions
{
    public static IReadOnlyDictionary<string, string> Switches { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--trusted-proxies"] = nameof(TrustedProxies),
        ["--geo-database"] = nameof(GeoDatabase),
    };

    /// <summary>
    /// Reverse proxies whose X-Forwarded-For is believed when locating clients (<c>--trusted-proxies</c>,
    /// comma-separated addresses or CIDR networks); loopback is always trusted.
    /// </summary>
    public string? TrustedProxies { get; set; }

    /// <summary>Directory holding the DB-IP city database (<c>--geo-database</c>); defaults to <c>geodata/</c> next to the bridge.</summary>
    public string? GeoDatabase { get; set; }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var invalid = ClientAddressResolver.TryParseTrustedProxies(SplitProxies(TrustedProxies), out _);
        if (invalid.Count > 0)
        {
            errors.Add($"--trusted-proxies must be IP addresses or CIDR networks separated by commas (not: {string.Join(", ", invalid.Select(v => $"'{v}'"))}).");
        }

        if (GeoDatabase is { } directory)
        {
            // An explicit database that is not there is a deployment mistake; only the default may be absent.
            var missing = new[] { DbipCityLocator.IPv4FileName, DbipCityLocator.IPv6FileName }
                .Where(file => !File.Exists(Path.Combine(directory, file))).ToList();
            if (missing.Count > 0)
            {
                errors.Add($"--geo-database '{directory}' must be a directory holding {DbipCityLocator.IPv4FileName} and {DbipCityLocator.IPv6FileName} (missing: {string.Join(", ", missing)}).");
            }
        }

        return errors;
    }

    /// <summary>The trusted proxy networks; valid once <see cref="Validate"/> passed.</summary>
    public IReadOnlyList<IPNetwork> TrustedProxyNetworks()
    {
        ClientAddressResolver.TryParseTrustedProxies(SplitProxies(TrustedProxies), out var networks);
        return networks;
    }

    private static string[] SplitProxies(string? value) =>
        value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
