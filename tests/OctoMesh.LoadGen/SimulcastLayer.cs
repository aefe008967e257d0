namespace OctoMesh.LoadGen;

/// <summary>
/// One VP8 simulcast layer a load publisher sends with <c>--simulcast</c>: its rid (RFC 8851), its bitrate as a
/// fraction of <c>--video-kbps</c> and the picture size its key frame headers carry (RFC 6386 §9.1), which is what the
/// bridge ranks layers by.
/// </summary>
/// <remarks>
/// <see cref="ThreeLayers"/> is Chromium's layout for a 1280x720 camera: rids <c>q</c>, <c>h</c>, <c>f</c> at a quarter,
/// half and full resolution and bitrate 1/4, 1/2 and 1/1 of the top layer. The top layer runs at <c>--video-kbps</c>, so
/// a viewer forwarded <c>f</c> receives what a viewer of the single-stream publisher receives; the publisher sends
/// 1.75 × <c>--video-kbps</c> in all, split 14 % / 29 % / 57 % (Chromium's own split is about 15 / 30 / 55 %).
/// </remarks>
public sealed record SimulcastLayer(string Rid, int BitrateDivisor, int Width, int Height)
{
    /// <summary>q (320x180, 1/4), h (640x360, 1/2), f (1280x720, 1/1): lowest first, as the offer lists them.</summary>
    public static IReadOnlyList<SimulcastLayer> ThreeLayers { get; } =
    [
        new("q", 4, 320, 180),
        new("h", 2, 640, 360),
        new("f", 1, 1280, 720),
    ];

    /// <summary>The rids of <see cref="ThreeLayers"/>, in order.</summary>
    public static IReadOnlyList<string> ThreeRids { get; } = [.. ThreeLayers.Select(layer => layer.Rid)];

    /// <summary>This layer's bitrate when the top layer sends <paramref name="topKbps"/>.</summary>
    public int Kbps(int topKbps) => Math.Max(1, topKbps / BitrateDivisor);
}
