using System.Text.Json.Serialization;

namespace OctoMesh.LoadGen;

/// <summary>
/// The result of one run, from the clients' own measurements: what the publishers sent and what the
/// subscribers received during the measurement window. Printed as a table or as one line of JSON.
/// </summary>
public sealed record LoadReport
{
    public required string Bridge { get; init; }

    /// <summary>The bridge subscribers played from, when not <see cref="Bridge"/> (through the mesh relay).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SubscribeBridge { get; init; }

    public required int Rooms { get; init; }

    public required int Publishers { get; init; }

    public required int Subscribers { get; init; }

    /// <summary>The measurement window actually run, in seconds.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>How long connecting every client (WHIP/WHEP, ICE, DTLS) took, in seconds.</summary>
    public required double ConnectSeconds { get; init; }

    public required long PacketsSent { get; init; }

    public required long BytesSent { get; init; }

    /// <summary>SRTP bitrate sent by all publishers, Mbit/s.</summary>
    public required double SendMbps { get; init; }

    public required long PacketsReceived { get; init; }

    public required long BytesReceived { get; init; }

    /// <summary>RTP packets per second received by all subscribers.</summary>
    public required double PacketsPerSecond { get; init; }

    /// <summary>RTP bitrate received by all subscribers, Mbit/s.</summary>
    public required double ThroughputMbps { get; init; }

    /// <summary>RFC 3550 §A.3: packets expected from the sequence numbers seen.</summary>
    public required long PacketsExpected { get; init; }

    public required long PacketsLost { get; init; }

    public required double LossPercent { get; init; }

    /// <summary>Mean over the received streams of the RFC 3550 §A.8 jitter, ms.</summary>
    public required double JitterMs { get; init; }

    public required double JitterMaxMs { get; init; }

    /// <summary>Stamped video packets whose one-way delay was measured.</summary>
    public required long DelaySamples { get; init; }

    public required double DelayP50Ms { get; init; }

    public required double DelayP99Ms { get; init; }

    public required double DelayMaxMs { get; init; }

    /// <summary>Subscribers that received no media at all during the window.</summary>
    public required int SubscribersWithoutMedia { get; init; }

    /// <summary>True when the publishers sent three simulcast layers (<c>--simulcast</c>).</summary>
    public bool Simulcast { get; init; }

    /// <summary>
    /// Subscribers by the picture size of the last VP8 key frame each received (<c>{"1280x720":50}</c>): with simulcast,
    /// the layer the server forwarded them (320x180 q, 640x360 h, 1280x720 f); 640x480 is the single stream.
    /// </summary>
    public IReadOnlyDictionary<string, int> VideoSizes { get; init; } = new Dictionary<string, int>();
}
