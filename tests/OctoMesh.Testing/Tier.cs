namespace OctoMesh.Testing;

/// <summary>
/// The test tiers, as an xunit trait on every test class: <c>[Trait(Tier.Name, Tier.Unit)]</c>.
/// <c>dotnet test --filter Tier=unit</c> runs the fast tier alone in seconds; the README's command runs all.
/// </summary>
public static class Tier
{
    /// <summary>The trait's name.</summary>
    public const string Name = "Tier";

    /// <summary>Pure code in one process: no socket, no process, no real clock (virtual time instead).</summary>
    public const string Unit = "unit";

    /// <summary>Real components in this process: loopback sockets, Kestrel, gRPC, a fake Consul server.</summary>
    public const string Functional = "functional";

    /// <summary>What a user runs: bridge processes, Chromium, aiortc, wireguard-go, Janus, network namespaces.</summary>
    public const string EndToEnd = "end-to-end";
}
