namespace OctoMesh.Geo.Discovery;

/// <summary>Timing of <see cref="EmbeddedBridgeRegistry"/>.</summary>
public sealed record EmbeddedRegistryOptions
{
    /// <summary>How often a registered bridge refreshes its <c>lastSeen</c>.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A bridge whose <c>lastSeen</c> is older than this is unhealthy; null means 3 x <see cref="RefreshInterval"/>.</summary>
    public TimeSpan? HealthDeadline { get; init; }

    /// <summary>File mode: changes arriving within this window are read once (an editor's save is several events).</summary>
    public TimeSpan FileDebounce { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the set is re-read and re-judged even without a change notification (stale entries, missed events); null means <see cref="RefreshInterval"/>.</summary>
    public TimeSpan? PollInterval { get; init; }

    internal TimeSpan EffectiveHealthDeadline => HealthDeadline ?? RefreshInterval * 3;

    internal TimeSpan EffectivePollInterval => PollInterval ?? RefreshInterval;

    /// <summary>Every problem with these settings; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (RefreshInterval <= TimeSpan.Zero || EffectiveHealthDeadline <= RefreshInterval)
        {
            problems.Add($"Embedded registry: refresh interval ({RefreshInterval}) must be positive and shorter than the health deadline ({EffectiveHealthDeadline}).");
        }
        if (FileDebounce < TimeSpan.Zero || EffectivePollInterval <= TimeSpan.Zero)
        {
            problems.Add("Embedded registry: debounce must be >= 0 and the poll interval positive.");
        }
        return problems;
    }
}
