using System.Text.Json.Serialization;

namespace OctoMesh.LoadGen.Compare;

/// <summary>
/// One server's figures in a <c>compare</c> run: traffic, loss and delay as the load clients measured them, CPU
/// time and memory as the kernel accounted the server's process, both over the same measurement window.
/// </summary>
public sealed record ServerMeasurement
{
    public required int Publishers { get; init; }

    /// <summary>Subscribing sessions (in a room of N: N × (N − 1)).</summary>
    public required int Subscribers { get; init; }

    /// <summary>The people in the room, for the <c>--room-size</c> scenario.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RoomSize { get; init; }

    /// <summary>The window media was sent in, seconds.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>The window CPU was sampled over: the media window plus the drain after it, seconds.</summary>
    public required double CpuWindowSeconds { get; init; }

    public required double ConnectSeconds { get; init; }

    /// <summary>RTP packets the publishers sent during the window.</summary>
    public required long PacketsSent { get; init; }

    /// <summary>RTP packets the subscribers received during the window: what the server forwarded and delivered.</summary>
    public required long ForwardedPackets { get; init; }

    public required double PacketsPerSecond { get; init; }

    public required double ThroughputMbps { get; init; }

    /// <summary>The server process's user plus system CPU time over the window (all threads), seconds.</summary>
    public required double CpuSeconds { get; init; }

    /// <summary><see cref="CpuSeconds"/> over the window's length: 100 is one core busy.</summary>
    public required double CpuPercent { get; init; }

    public required double PacketsPerCpuSecond { get; init; }

    /// <summary>CPU microseconds the server spent per forwarded packet.</summary>
    public required double CpuMicrosecondsPerPacket { get; init; }

    public required double LossPercent { get; init; }

    public required long PacketsLost { get; init; }

    public required double JitterMs { get; init; }

    public required double DelayP50Ms { get; init; }

    public required double DelayP99Ms { get; init; }

    public required double DelayMaxMs { get; init; }

    public required long DelaySamples { get; init; }

    /// <summary>The server's resident memory at the end of the window, MiB.</summary>
    public required double RssMiB { get; init; }

    public required int SubscribersWithoutMedia { get; init; }

    /// <summary>True when the publishers sent three simulcast layers (q/h/f, the top one at <c>--video-kbps</c>).</summary>
    public bool Simulcast { get; init; }

    /// <summary>
    /// Subscribers by the picture size of the last VP8 key frame each received, from the clients: 1280x720 is the top
    /// simulcast layer (f), 640x480 the single stream. What the server forwarded, as the receiving end saw it.
    /// </summary>
    public IReadOnlyDictionary<string, int> VideoSizes { get; init; } = new Dictionary<string, int>();

    /// <summary>The load generator's own CPU time over the window, to tell when the clients are the bottleneck.</summary>
    public required double LoadGenCpuSeconds { get; init; }

    public required double LoadGenCpuPercent { get; init; }
}
