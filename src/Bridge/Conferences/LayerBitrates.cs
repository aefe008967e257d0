using OctoMesh.Media.Rtp.Codecs;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// Bytes one RTP stream carries in each of its spatial and temporal layers, and pictures in each temporal layer,
/// sampled on the allocation tick into bitrates and frame rates over about a second (five samples). The layers are
/// cumulative, as a viewer receives them: what (spatial s, temporal t) costs is every layer at or below both. A
/// stream without layers is all in (0, 0), and its pictures are not counted.
/// </summary>
internal sealed class LayerBitrates
{
    private const int Ids = LayerPosition.MaxLayerIds;
    private const int ByteCells = Ids * Ids;
    private const int Cells = ByteCells + Ids; // then pictures per temporal layer
    private const int MilliFramesPerFrame = 1000;
    private const int WindowSlots = 5;

    private readonly long[] _bytes = new long[Cells];
    private readonly long[] _samples = new long[WindowSlots * Cells];
    private readonly long[] _sampleTimes = new long[WindowSlots];
    private readonly long[] _rates = new long[Cells];
    private int _measurements;

    /// <summary>Count a packet (receive thread).</summary>
    public void OnPacket(in LayerPosition position, int bytes)
    {
        _bytes[position.SpatialId * Ids + position.TemporalId] += bytes;
        if (position.StartsPicture)
        {
            _bytes[ByteCells + position.TemporalId]++;
        }
    }

    /// <summary>Pictures per second of the temporal layers at or below <paramref name="temporal"/>; 0 for a stream without layers.</summary>
    public double FrameRate(int temporal)
    {
        var total = 0L;
        for (var t = 0; t <= Math.Min(temporal, Ids - 1); t++)
        {
            total += Interlocked.Read(ref _rates[ByteCells + t]);
        }

        return total / (double)MilliFramesPerFrame;
    }

    /// <summary>Bits per second of the layers at or below (<paramref name="spatial"/>, <paramref name="temporal"/>).</summary>
    public long Rate(int spatial, int temporal)
    {
        var total = 0L;
        for (var s = 0; s <= Math.Min(spatial, Ids - 1); s++)
        {
            for (var t = 0; t <= Math.Min(temporal, Ids - 1); t++)
            {
                total += Interlocked.Read(ref _rates[s * Ids + t]);
            }
        }

        return total;
    }

    /// <summary>The highest spatial layer id that carried anything in the last second; 0 when none.</summary>
    public int HighestSpatial => Highest(spatial: true);

    /// <summary>The highest temporal layer id that carried anything in the last second; 0 when none.</summary>
    public int HighestTemporal => Highest(spatial: false);

    /// <summary>Take a sample (allocation tick); an inactive stream carries nothing.</summary>
    public void Measure(long now, TimeProvider time, bool active)
    {
        var slot = _measurements % WindowSlots;
        var oldest = _measurements < WindowSlots ? 0 : (_measurements + 1) % WindowSlots;
        for (var cell = 0; cell < Cells; cell++)
        {
            _samples[slot * Cells + cell] = Volatile.Read(ref _bytes[cell]);
        }

        _sampleTimes[slot] = now;
        _measurements++;
        var elapsed = time.GetElapsedTime(_sampleTimes[oldest], now);
        for (var cell = 0; cell < Cells; cell++)
        {
            var units = (_samples[slot * Cells + cell] - _samples[oldest * Cells + cell]) * (cell < ByteCells ? 8 : MilliFramesPerFrame);
            var rate = !active ? 0 : elapsed > TimeSpan.Zero ? (long)(units / elapsed.TotalSeconds) : Interlocked.Read(ref _rates[cell]);
            Interlocked.Exchange(ref _rates[cell], rate);
        }
    }

    private int Highest(bool spatial)
    {
        var highest = 0;
        for (var cell = 0; cell < ByteCells; cell++)
        {
            if (Interlocked.Read(ref _rates[cell]) > 0)
            {
                highest = Math.Max(highest, spatial ? cell / Ids : cell % Ids);
            }
        }

        return highest;
    }
}
