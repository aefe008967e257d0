namespace OctoMesh.Relay.WireGuard;

/// <summary>Protocol constants of the whitepaper §6.1 ("Preliminaries") and wireguard-go's device/constants.go.</summary>
public static class WireGuardTimers
{
    public const ulong RekeyAfterMessages = 1UL << 60;
    public const ulong RejectAfterMessages = ulong.MaxValue - (1UL << 13);
    public static readonly TimeSpan RekeyAfterTime = TimeSpan.FromSeconds(120);
    public static readonly TimeSpan RejectAfterTime = TimeSpan.FromSeconds(180);
    public static readonly TimeSpan RekeyAttemptTime = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan RekeyTimeout = TimeSpan.FromSeconds(5);
    public const int RekeyTimeoutJitterMaxMilliseconds = 334;
    public static readonly TimeSpan KeepaliveTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan CookieRefreshTime = TimeSpan.FromSeconds(120);

    /// <summary>A peer's initiations closer together than this are dropped (wireguard-go HandshakeInitationRate).</summary>
    public static readonly TimeSpan HandshakeInitiationRate = TimeSpan.FromMilliseconds(20);

    /// <summary>Retransmissions within REKEY_ATTEMPT_TIME: 90 s / 5 s = 18 (wireguard-go MaxTimerHandshakes).</summary>
    public const int MaxHandshakeAttempts = 18;
}
