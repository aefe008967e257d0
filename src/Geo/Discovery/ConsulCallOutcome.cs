namespace OctoMesh.Geo.Discovery;

/// <summary>How a Consul HTTP call ended, as the registry needs to react to it.</summary>
internal enum ConsulCallOutcome
{
    /// <summary>2xx.</summary>
    Ok,

    /// <summary>Connection refused or reset, timeout, or a 5xx: retry with backoff, keep the last known set.</summary>
    Unreachable,

    /// <summary>404: the agent does not know the service or check (an agent restarted without its state).</summary>
    NotFound,

    /// <summary>403 (ACL) or another 4xx: retrying the same request cannot succeed.</summary>
    Rejected,
}
