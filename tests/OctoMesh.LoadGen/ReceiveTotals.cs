namespace OctoMesh.LoadGen;

/// <summary>What all subscribers received during the measurement, summed by <see cref="LoadSubscriber.AddTo"/>.</summary>
public sealed class ReceiveTotals
{
    public long Packets { get; set; }

    public long Bytes { get; set; }

    public long Expected { get; set; }

    public long Lost { get; set; }

    /// <summary>RTP packets of payload types or SSRCs outside the session's audio and video (RTX repairs).</summary>
    public long ForeignPackets { get; set; }

    public int Streams { get; set; }

    public int SubscribersWithoutMedia { get; set; }

    public double JitterSumMilliseconds { get; set; }

    public double JitterMaxMilliseconds { get; set; }

    public DelayHistogram Delays { get; } = new();

    /// <summary>Subscribers by the picture size (<c>1280x720</c>) of the last VP8 key frame each received.</summary>
    public SortedDictionary<string, int> VideoSizes { get; } = new(StringComparer.Ordinal);

    /// <summary>Counts one subscriber whose video is <paramref name="width"/> x <paramref name="height"/>.</summary>
    public void AddVideoSize(int width, int height)
    {
        var key = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{width}x{height}");
        VideoSizes[key] = VideoSizes.GetValueOrDefault(key) + 1;
    }
}
