using System.Net;
using OctoMesh.Bridge.Hosting;
using OctoMesh.Geo.Location;

namespace OctoMesh.Bridge.Routing;

/// <summary>Start-up checks and parsing of the routing options (<c>--trusted-proxies</c>, <c>--geo-database</c>).</summary>
public static class RoutingSettings
{
    /// <summary>Problems with the routing options, each a sentence naming the option; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(BridgeOptions options)
    {
        var errors = new List<string>();
        var invalid = ClientAddressResolver.TryParseTrustedProxies(SplitProxies(options.TrustedProxies), out _);
        if (invalid.Count > 0)
        {
            errors.Add($"--trusted-proxies must be IP addresses or CIDR networks separated by commas (not: {string.Join(", ", invalid.Select(v => $"'{v}'"))}).");
        }

        if (options.GeoDatabase is { } directory)
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

    /// <summary>The trusted proxy networks; call after <see cref="Validate"/> passed.</summary>
    public static IReadOnlyList<IPNetwork> TrustedProxyNetworks(BridgeOptions options)
    {
        ClientAddressResolver.TryParseTrustedProxies(SplitProxies(options.TrustedProxies), out var networks);
        return networks;
    }

    private static string[] SplitProxies(string? value) =>
        value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
