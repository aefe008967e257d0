using OctoMesh.Bridge.Conferences.Allocation;

namespace OctoMesh.Bridge.Mesh;

/// <summary>Runs <see cref="MeshSpeakers.Tick"/> every <see cref="MeshSpeakers.Interval"/>.</summary>
public sealed class MeshSpeakersService(MeshCoordinator coordinator, TimeProvider time, ILogger<MeshSpeakersService> logger)
    : PeriodicTickService(MeshSpeakers.Interval, time, logger, "Mesh speakers")
{
    public override void Tick() => coordinator.Speakers.Tick(Time);
}
