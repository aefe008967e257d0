namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>How a <see cref="ConsulTestServer"/> behaves.</summary>
public sealed record ConsulTestServerOptions
{
    /// <summary>When set, ACLs are on with default deny, and this is the only token that may read and write.</summary>
    public string? AclToken { get; init; }

    /// <summary>The only datacenter; any other <c>dc</c> gets 500 "No path to datacenter".</summary>
    public string Datacenter { get; init; } = "dc1";

    /// <summary>Port to listen on (127.0.0.1); 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Add Consul's random up-to-wait/16 to each blocking wait (off: tests measure holds).</summary>
    public bool WaitJitter { get; init; }
}
