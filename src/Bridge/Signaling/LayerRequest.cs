using System.Text.Json;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Conferences.Allocation;

namespace OctoMesh.Bridge.Signaling;

/// <summary>
/// The WHEP layer extension's request body: <c>encodingId</c> (a simulcast rid) or <c>spatialLayerId</c> (a
/// quality rank, 0 = lowest) pins a layer; <c>maxSpatialLayerId</c> caps it. When the publisher sends one SVC
/// stream (VP9 L3T3) the spatial ids name its spatial layers instead. <c>temporalLayerId</c> and
/// <c>maxTemporalLayerId</c> cap the temporal layer (VP8 TID, VP9 TID). Ids the publisher does not send are refused.
/// </summary>
public sealed record LayerRequest(string? EncodingId, int? SpatialLayerId, int? TemporalLayerId, int? MaxSpatialLayerId, int? MaxTemporalLayerId)
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { MaxDepth = 4 };

    /// <summary>The constraints this asks for on <paramref name="source"/>, or why it names a layer that does not exist.</summary>
    public (LayerConstraints? Constraints, string? Problem) ToConstraints(MediaSource source)
    {
        var temporal = MaxTemporalLayerId ?? TemporalLayerId;
        if (temporal is { } temporalId)
        {
            var highest = HighestTemporalLayer(source);
            if (temporalId < 0 || temporalId > highest)
            {
                return (null, highest == 0
                    ? $"temporalLayerId {temporalId} does not exist; the publisher sends no temporal layers."
                    : $"temporalLayerId {temporalId} does not exist; the publisher sends temporal layers 0-{highest}.");
            }
        }

        if (source.Layers.Length == 1 && source.Layers[0].HighestSpatialLayer > 0 && EncodingId is null)
        {
            return ToSvcConstraints(source.Layers[0].HighestSpatialLayer, temporal);
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

        if (pinned is null && MaxSpatialLayerId is null && temporal is null)
        {
            return (null, "The layer request names no layer: send encodingId, spatialLayerId, maxSpatialLayerId, temporalLayerId or maxTemporalLayerId.");
        }

        return (new LayerConstraints(pinned, MaxSpatialLayerId, MaxTemporalId: temporal), null);
    }

    // One SVC stream: the spatial ids are its spatial layers (RFC 9628 SID), not simulcast ranks.
    private (LayerConstraints? Constraints, string? Problem) ToSvcConstraints(int highestSpatial, int? temporal)
    {
        var spatial = MaxSpatialLayerId ?? SpatialLayerId;
        if (spatial is { } id && (id < 0 || id > highestSpatial))
        {
            return (null, $"spatialLayerId {id} does not exist; the publisher sends spatial layers 0-{highestSpatial}.");
        }

        if (spatial is null && temporal is null)
        {
            return (null, "The layer request names no layer: send spatialLayerId, maxSpatialLayerId, temporalLayerId or maxTemporalLayerId.");
        }

        return (new LayerConstraints(null, null, spatial, temporal), null);
    }

    private static int HighestTemporalLayer(MediaSource source)
    {
        var highest = 0;
        foreach (var layer in source.Layers)
        {
            highest = Math.Max(highest, layer.HighestTemporalLayer);
        }

        return highest;
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
