namespace OctoMesh.Geo.Selection;

/// <summary>Tuning for <see cref="BridgeSelector"/>. Defaults follow Jicofo's bridge selection where it has an equivalent.</summary>
public sealed record SelectionOptions
{
    /// <summary>A bridge whose corrected stress reaches this is overloaded (Jicofo: stress-threshold 0.8).</summary>
    public double OverloadThreshold { get; init; } = 0.8;

    /// <summary>Stress one new participant is expected to add before the bridge's reports show it (Jicofo: average-participant-stress 0.01).</summary>
    public double StressPerJoin { get; init; } = 0.01;

    /// <summary>How long a join counts as recent (Jicofo: participant-rampup-interval 20 s).</summary>
    public TimeSpan RecentJoinWindow { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>At most this many people of one room on one bridge; the room cascades onto further bridges beyond it.</summary>
    public int MaxParticipantsPerRoomPerBridge { get; init; } = 100;

    /// <summary>A bridge hosting the room counts as near a geolocated client within this great-circle distance.</summary>
    public double RoomNearbyRadiusKm { get; init; } = 1500;

    /// <summary>A bridge hosting the room counts as near a client who measured at most this round-trip time to it.</summary>
    public double RoomNearbyRttMs { get; init; } = 40;

    /// <summary>A bridge reported failed (<see cref="BridgeSelector.ReportFailure"/>) is avoided this long.</summary>
    public TimeSpan FailureCooldown { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Only bridges of this version are chosen (a cascade needs compatible peers); null accepts any.</summary>
    public string? RequiredVersion { get; init; }

    /// <summary>Count each decision as a join on the chosen bridge (stress correction and room cap) until reports catch up.</summary>
    public bool CountDecisionsAsJoins { get; init; } = true;

    /// <summary>Throws with a message naming the bad setting; call at start-up.</summary>
    public void Validate()
    {
        if (!double.IsFinite(OverloadThreshold) || OverloadThreshold <= 0)
            throw new ArgumentOutOfRangeException(nameof(OverloadThreshold), OverloadThreshold, "must be a positive number");
        if (!double.IsFinite(StressPerJoin) || StressPerJoin < 0)
            throw new ArgumentOutOfRangeException(nameof(StressPerJoin), StressPerJoin, "must be zero or positive");
        if (RecentJoinWindow < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RecentJoinWindow), RecentJoinWindow, "must not be negative");
        if (MaxParticipantsPerRoomPerBridge < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxParticipantsPerRoomPerBridge), MaxParticipantsPerRoomPerBridge, "must be at least 1");
        if (!double.IsFinite(RoomNearbyRadiusKm) || RoomNearbyRadiusKm < 0)
            throw new ArgumentOutOfRangeException(nameof(RoomNearbyRadiusKm), RoomNearbyRadiusKm, "must be zero or positive");
        if (!double.IsFinite(RoomNearbyRttMs) || RoomNearbyRttMs < 0)
            throw new ArgumentOutOfRangeException(nameof(RoomNearbyRttMs), RoomNearbyRttMs, "must be zero or positive");
        if (FailureCooldown < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(FailureCooldown), FailureCooldown, "must not be negative");
    }
}
