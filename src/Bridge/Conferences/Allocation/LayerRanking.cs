namespace OctoMesh.Bridge.Conferences.Allocation;

/// <summary>
/// A source's layers from lowest to highest quality. The publisher's order is not trusted (RFC 8853 orders
/// by preference, not quality): layers rank by resolution when keyframes told it, then by measured bitrate.
/// </summary>
public static class LayerRanking
{
    /// <summary>Writes the layer indices, lowest quality first, into <paramref name="destination"/>; returns the count.</summary>
    public static int Rank(ReadOnlySpan<SourceLayer> layers, Span<int> destination)
    {
        var count = Math.Min(layers.Length, destination.Length);
        for (var i = 0; i < count; i++)
        {
            destination[i] = i;
        }

        // Insertion sort: at most MediaSource.MaxLayers entries, no allocation.
        for (var i = 1; i < count; i++)
        {
            var current = destination[i];
            var j = i - 1;
            while (j >= 0 && IsHigher(layers[destination[j]], layers[current]))
            {
                destination[j + 1] = destination[j];
                j--;
            }

            destination[j + 1] = current;
        }

        return count;
    }

    private static bool IsHigher(SourceLayer a, SourceLayer b)
    {
        long areaA = (long)a.Width * a.Height, areaB = (long)b.Width * b.Height;
        if (areaA != 0 && areaB != 0 && areaA != areaB)
        {
            return areaA > areaB;
        }

        return a.Bitrate != b.Bitrate ? a.Bitrate > b.Bitrate : a.Index > b.Index;
    }
}
