namespace OctoMesh.Bridge.Tests.LoadGen.Janus;

/// <summary>Janus tests run one class at a time: each starts a real janus process and real WebRTC clients on two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class JanusCollection
{
    public const string Name = "Janus (real process)";
}
