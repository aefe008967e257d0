namespace OctoMesh.LoadGen.Latecomer;

/// <summary>One <c>latecomer</c> run, as parsed and validated by <see cref="LatecomerOptionsParser"/>.</summary>
public sealed record LatecomerOptions
{
    /// <summary>The bridge the publishers send to (WHIP).</summary>
    public Uri Bridge { get; init; } = new LoadOptions().Bridge;

    /// <summary>Where the latecomers play from, when not <see cref="Bridge"/>: another bridge of the mesh (across the relay).</summary>
    public Uri? SubscribeBridge { get; init; }

    public string Room { get; init; } = "latecomer";

    /// <summary>People already in the room, each publishing audio and video.</summary>
    public int Publishers { get; init; } = 3;

    /// <summary>How many times someone joins late, one after another.</summary>
    public int Latecomers { get; init; } = 20;

    /// <summary>Media flows this long before the first latecomer joins.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public int VideoKbps { get; init; } = 1500;

    /// <summary>Deadline for each HTTP exchange, each client's ICE plus DTLS, and each latecomer's first key frames.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Seeds the pause before each latecomer, so runs are repeatable.</summary>
    public int Seed { get; init; } = 1;

    public bool Json { get; init; }
}
