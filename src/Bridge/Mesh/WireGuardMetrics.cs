using OctoMesh.Relay.WireGuard;
using Prometheus;

namespace OctoMesh.Bridge.Mesh;

/// <summary>
/// The embedded WireGuard tunnel's counters in <c>/metrics</c>, copied from <see cref="WireGuardCounters"/>
/// just before each scrape (the tunnel counts with interlocked longs; nothing is added to its packet path).
/// </summary>
public static class WireGuardMetrics
{
    public static void Register(WireGuardTunnel tunnel, CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var replays = factory.CreateCounter("octomesh_wireguard_replays_total",
            "WireGuard messages rejected as replays: transport messages whose counter was seen before or fell out of the RFC 6479 window, and initiations whose TAI64N timestamp was not newer.",
            "message");
        var unknownKeys = factory.CreateCounter("octomesh_wireguard_unknown_key_initiations_total",
            "Handshake initiations from a static key that is not a configured peer (never answered).");
        var handshakes = factory.CreateCounter("octomesh_wireguard_handshakes_total", "WireGuard handshakes that produced a session.");
        var failures = factory.CreateCounter("octomesh_wireguard_rejected_total",
            "WireGuard messages rejected, by reason (replays are counted in octomesh_wireguard_replays_total).", "reason");
        var packets = factory.CreateCounter("octomesh_wireguard_packets_total", "WireGuard transport data messages (keepalives excluded).", "direction");

        var transportReplays = replays.WithLabels("transport");
        var initiationReplays = replays.WithLabels("initiation");
        var invalidMac1 = failures.WithLabels("invalid_mac1");
        var decryptFailures = failures.WithLabels("decrypt_failed");
        var unknownIndex = failures.WithLabels("unknown_index");
        var invalidMessages = failures.WithLabels("invalid_message");
        var handshakeFailures = failures.WithLabels("handshake_failed");
        var packetsIn = packets.WithLabels("in");
        var packetsOut = packets.WithLabels("out");
        registry.AddBeforeCollectCallback(() =>
        {
            var counters = tunnel.Counters;
            transportReplays.IncTo(counters.ReplaysRejected);
            initiationReplays.IncTo(counters.ReplayedInitiations);
            unknownKeys.IncTo(counters.InitiationsFromUnknownKeys);
            handshakes.IncTo(counters.HandshakesCompleted);
            invalidMac1.IncTo(counters.InvalidMac1);
            decryptFailures.IncTo(counters.DecryptFailures);
            unknownIndex.IncTo(counters.UnknownIndex);
            invalidMessages.IncTo(counters.InvalidMessages);
            handshakeFailures.IncTo(counters.HandshakeFailures);
            packetsIn.IncTo(counters.PacketsIn);
            packetsOut.IncTo(counters.PacketsOut);
        });
    }
}
