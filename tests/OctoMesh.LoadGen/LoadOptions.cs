namespace OctoMesh.LoadGen;

/// <summary>One load run, as parsed and validated by <see cref="LoadOptionsParser"/>.</summary>
public sealed record LoadOptions
{
    /// <summary>The bridge's HTTP base address (WHIP at <c>/whip/{room}</c>, WHEP at <c>/whep/{room}</c>).</summary>
    public Uri Bridge { get; init; } = new("http://127.0.0.1:8080/");

    /// <summary>
    /// Where subscribers play from, when not <see cref="Bridge"/>: another bridge of the same mesh, so the
    /// measured delay includes the relay between the two.
    /// </summary>
    public Uri? SubscribeBridge { get; init; }

    /// <summary>The room name, or the prefix of the room names when <see cref="Rooms"/> is more than one.</summary>
    public string Room { get; init; } = "load";

    /// <summary>How many rooms the clients are spread over (round robin).</summary>
    public int Rooms { get; init; } = 1;

    /// <summary>Publishers in all (WHIP), spread over the rooms.</summary>
    public int Publishers { get; init; } = 1;

    /// <summary>Subscribers in all (WHEP), spread over the rooms.</summary>
    public int Subscribers { get; init; } = 1;

    /// <summary>How long media flows once every client is connected.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Media flows this long after everyone connected before the measurement window opens.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    /// <summary>Video bitrate per publisher, in kbit/s of VP8 payload.</summary>
    public int VideoKbps { get; init; } = 1500;

    /// <summary>
    /// Each publisher sends three VP8 simulcast layers (<see cref="SimulcastLayer.ThreeLayers"/>, the top one at
    /// <see cref="VideoKbps"/>) instead of one stream.
    /// </summary>
    public bool Simulcast { get; init; }

    /// <summary>Deadline for each HTTP exchange and for each client's ICE plus DTLS.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Print one JSON object on one line instead of the table.</summary>
    public bool Json { get; init; }

    /// <summary>The name of room <paramref name="index"/> (0-based).</summary>
    public string RoomName(int index) => Rooms == 1 ? Room : $"{Room}-{index + 1}";
}
