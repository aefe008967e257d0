using System.Text.Json;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Conferences.Allocation;

namespace OctoMesh.Bridge.Signaling;

/// <summary>
/// The WHEP layer extension's request body: <c>encodingId</c> (a simulcast rid) or <c>spatialLayerId</c> (a
/// quality rank, 0 = lowest) pins a layer; <c>maxSpatialLayerId</c> caps it. Temporal layer ids are parsed
/// and refused: this bridge does not select temporal layers yet.
/// </summary>
public sealed record LayerRequest(string? EncodingId, int? SpatialLayerId, int? TemporalLayerId, int? MaxSpatialLayerId, int? MaxTemporalLayerId)
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { MaxDepth = 4 };

    /// <summary>The constraints this asks for on <paramref name="source"/>, or why it names a layer that does not exist.</summary>
    public (LayerConstraints? Constraints, string? Problem) ToConstraints(MediaSource source)
    {
        if (TemporalLayerId is not null || MaxTemporalLayerId is not null)
        {
            return (null, "Temporal layer selection is not supported by this bridge; send encodingId, spatialLayerId or maxSpatialLayerId.");
        }

        Span<int> ranked = stackalloc int[MediaSource.MaxLayers];
        var count = LayerRanking.Rank(source.Layers, ranked);
        int? pinned = null;
        if (EncodingId is not null)
        {
            var layer = source.FindLayerByRid(EncodingId);
            if (layer is null)
            {
                return (null, $"The publisher sends no encoding '{EncodingId}'; it sends {Describe(source)}.");
            }

            pinned = layer.Index;
        }
        else if (SpatialLayerId is { } spatial)
        {
            if (spatial < 0 || spatial >= count)
            {
                return (null, $"spatialLayerId {spatial} does not exist; the publisher sends layers 0-{count - 1}.");
            }

            pinned = ranked[spatial];
        }

        if (MaxSpatialLayerId is { } max && (max < 0 || max >= count))
        {
            return (null, $"maxSpatialLayerId {max} does not exist; the publisher sends layers 0-{count - 1}.");
        }

        if (pinned is null && MaxSpatialLayerId is null)
        {
            return (null, "The layer request names no layer: send encodingId, spatialLayerId or maxSpatialLayerId.");
        }

        return (new LayerConstraints(pinned, MaxSpatialLayerId), null);
    }

    private static string Describe(MediaSource source)
    {
        var rids = new List<string>();
        foreach (var layer in source.Layers)
        {
            if (layer.Rid is { } rid)
            {
                rids.Add($"'{rid}'");
            }
        }

        return rids.Count == 0 ? "no simulcast encodings" : string.Join(", ", rids);
    }
}
