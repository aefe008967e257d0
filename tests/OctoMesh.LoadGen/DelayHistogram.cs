using System.Numerics;

namespace OctoMesh.LoadGen;

/// <summary>
/// Delays in nanoseconds in log-linear buckets (as HdrHistogram does): exact below 128 ns, then 64 buckets
/// per power of two, so any percentile is within 1.6 % of the true value; about 18 KiB whatever the count.
/// Recording allocates nothing. Not thread-safe: one per subscriber, merged at the end.
/// </summary>
public sealed class DelayHistogram
{
    private const int LinearLimit = 128;
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int MaxExponent = 62;
    private const int BucketCount = LinearLimit + ((MaxExponent - SubBucketBits) * SubBuckets);

    private readonly long[] _counts = new long[BucketCount];

    /// <summary>Delays recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Largest delay recorded, in nanoseconds.</summary>
    public long Max { get; private set; }

    /// <summary>Records one delay; negative values (clock misuse) count as 0.</summary>
    public void Record(long nanoseconds)
    {
        var value = Math.Max(0, nanoseconds);
        _counts[IndexOf(value)]++;
        Count++;
        Max = Math.Max(Max, value);
    }

    /// <summary>Adds another histogram's counts to this one.</summary>
    public void Add(DelayHistogram other)
    {
        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>The delay below which <paramref name="percentile"/> % of the samples fall (bucket midpoint), 0 when empty.</summary>
    public long Percentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percentile / 100 * Count);
        rank = Math.Clamp(rank, 1, Count);
        var seen = 0L;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(Midpoint(i), Max);
            }
        }

        return Max;
    }

    private static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }

        // The top 7 significant bits: the leading one and a 6-bit sub-bucket.
        var highestBit = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = highestBit - SubBucketBits;
        var subBucket = (int)(value >> shift) - SubBuckets;
        return LinearLimit + ((shift - 1) * SubBuckets) + subBucket;
    }

    private static long Midpoint(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var shift = ((index - LinearLimit) / SubBuckets) + 1;
        var subBucket = (index - LinearLimit) % SubBuckets;
        var low = (long)(SubBuckets + subBucket) << shift;
        return low + ((1L << shift) / 2);
    }
}
