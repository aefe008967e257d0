namespace OctoMesh.Geo.Simulation;

/// <summary>Virtual time: clients arrive one per tick of <see cref="Advance"/>, however fast the simulation runs.</summary>
internal sealed class SimulationClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => new(_ticks, TimeSpan.Zero);

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}
