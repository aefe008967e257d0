namespace OctoMesh.LoadGen.Compare;

/// <summary>
/// One server's memory for idle sessions (<c>compare --idle-sessions N</c>): resident memory with one warm-up
/// session, and with N more connected sessions that send nothing, as the kernel accounts it.
/// </summary>
public sealed record IdleMeasurement
{
    public int IdleSessions { get; init; }

    /// <summary>How long the sessions sat idle before the second sample.</summary>
    public double IdleSeconds { get; init; }

    /// <summary>RSS with the server started and one warm-up session connected (code paths loaded, caches made).</summary>
    public double RssBaselineMiB { get; init; }

    /// <summary>RSS with the warm-up session and the idle sessions connected.</summary>
    public double RssMiB { get; init; }

    /// <summary>(RSS − baseline) / idle sessions.</summary>
    public double RssPerIdleSessionKiB { get; init; }

    /// <summary>The server's threads at the second sample.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Server CPU spent in the second half of the idle time (consent checks, RTCP, timers), per session and second.
    /// </summary>
    public double CpuMicrosecondsPerSessionSecond { get; init; }
}
