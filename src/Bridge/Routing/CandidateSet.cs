using OctoMesh.Geo.Selection;

namespace OctoMesh.Bridge.Routing;

/// <summary>
/// The bridges one routing decision chooses among: the selector's candidates and, by id, how to reach each.
/// Built once per registry change and shared by every request until the next (the selector's candidate index is
/// rebuilt only when it sees a different list).
/// </summary>
public sealed class CandidateSet(BridgeCandidate[] candidates, IReadOnlyDictionary<string, RoutableBridge> bridges)
{
    public BridgeCandidate[] Candidates { get; } = candidates;

    public IReadOnlyDictionary<string, RoutableBridge> Bridges { get; } = bridges;
}
