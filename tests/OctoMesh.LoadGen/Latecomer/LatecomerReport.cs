namespace OctoMesh.LoadGen.Latecomer;

/// <summary>
/// What <c>latecomer</c> measured, in milliseconds from the moment each latecomer started to join (its first WHEP
/// request) to when it could show every publisher: connected to all, first video from all, a key frame from all.
/// </summary>
public sealed record LatecomerReport
{
    public required string Bridge { get; init; }

    public string? SubscribeBridge { get; init; }

    public int Publishers { get; init; }

    public int Latecomers { get; init; }

    /// <summary>Latecomers that did not get a key frame from every publisher within the connect timeout.</summary>
    public int WithoutKeyframe { get; init; }

    /// <summary>The publishers' own key frame interval: without the bridge asking for one, a latecomer waits up to this.</summary>
    public double PublisherKeyframeIntervalMs { get; init; }

    public required LatecomerFigure ConnectedMs { get; init; }

    public required LatecomerFigure FirstVideoMs { get; init; }

    public required LatecomerFigure FirstKeyframeMs { get; init; }

    /// <summary>From connected to the first key frame: the bridge's key frame request (PLI) and the publisher's answer.</summary>
    public required LatecomerFigure KeyframeAfterConnectMs { get; init; }
}

/// <summary>Median, 90th percentile and maximum of one figure over the latecomers that got every key frame.</summary>
public sealed record LatecomerFigure(double P50, double P90, double Max)
{
    public static LatecomerFigure Of(IReadOnlyList<double> samples)
    {
        if (samples.Count == 0)
        {
            return new LatecomerFigure(0, 0, 0);
        }

        var sorted = samples.Order().ToArray();
        double At(double percentile) => Math.Round(sorted[(int)Math.Ceiling(percentile / 100 * sorted.Length) - 1], 1);
        return new LatecomerFigure(At(50), At(90), Math.Round(sorted[^1], 1));
    }
}
