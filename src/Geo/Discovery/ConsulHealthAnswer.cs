namespace OctoMesh.Geo.Discovery;

/// <summary>A <c>/v1/health/service</c> answer: the entries, the <c>X-Consul-Index</c>, and whether ACLs filtered it.</summary>
internal readonly record struct ConsulHealthAnswer(
    ConsulCallResult Result, IReadOnlyList<ConsulServiceEntry> Entries, ulong? Index, bool FilteredByAcls);
