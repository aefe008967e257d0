using System.Globalization;
using OctoMesh.Bridge.Tests.EndToEnd;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>Reads one sample from a bridge's <c>/metrics</c> (Prometheus text format).</summary>
public static class PrometheusText
{
    /// <summary>The value of <paramref name="metric"/> with exactly these labels, or 0 when absent.</summary>
    public static Task<double> ReadAsync(BridgeServer bridge, string metric, params (string Name, string Value)[] labels) =>
        ReadAsync(bridge.Http, metric, labels);

    /// <summary>The same, from the bridge whose address <paramref name="http"/> has as its base (a bridge process).</summary>
    public static async Task<double> ReadAsync(HttpClient http, string metric, params (string Name, string Value)[] labels)
    {
        var text = await http.GetStringAsync("metrics");
        var selector = labels.Length == 0 ? metric : metric + "{" + string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\"")) + "}";
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(selector + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(selector.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
