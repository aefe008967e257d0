using System.Globalization;
using OctoMesh.Bridge.Tests.EndToEnd;
using Xunit.Sdk;

namespace OctoMesh.Bridge.Tests.MediaPort;

/// <summary>
/// The <c>octomesh_media_dropped_total{reason="..."}</c> counters as <c>GET /metrics</c> shows them
/// (Prometheus text exposition format), by reason label.
/// </summary>
public sealed class MediaDrops(IReadOnlyDictionary<string, double> byReason)
{
    private const string Prefix = "octomesh_media_dropped_total{reason=\"";

    public double this[string reason] => byReason.TryGetValue(reason, out var value) ? value : 0;

    public double Total => byReason.Values.Sum();

    public static async Task<MediaDrops> ReadAsync(BridgeServer bridge)
    {
        using var response = await bridge.Http.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new XunitException($"GET /metrics answered {(int)response.StatusCode}: {text}");
        }

        var counters = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var labelEnd = line.IndexOf('"', Prefix.Length);
            var valueStart = line.IndexOf(' ', labelEnd);
            counters[line[Prefix.Length..labelEnd]] = double.Parse(line[(valueStart + 1)..].Trim(), CultureInfo.InvariantCulture);
        }

        return new MediaDrops(counters);
    }

    /// <summary>How much each counter grew since <paramref name="before"/>.</summary>
    public MediaDrops Since(MediaDrops before) =>
        new(byReason.ToDictionary(pair => pair.Key, pair => pair.Value - before[pair.Key], StringComparer.Ordinal));

    public override string ToString() =>
        string.Join(", ", byReason.Where(pair => pair.Value != 0).Select(pair => $"{pair.Key}={pair.Value}"));
}
