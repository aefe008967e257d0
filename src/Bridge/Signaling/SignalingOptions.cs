using OctoMesh.Bridge.Configuration;

namespace OctoMesh.Bridge.Signaling;

/// <summary>Limits on what WHIP, WHEP and the room protocol accept.</summary>
public sealed class SignalingOptions : IValidatedOptions
{
    public static IReadOnlyDictionary<string, string> Switches { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--max-sdp-bytes"] = nameof(MaxSdpBytes),
    };

    /// <summary>Largest SDP body accepted on WHIP/WHEP/WebSocket, in bytes (<c>--max-sdp-bytes</c>).</summary>
    public int MaxSdpBytes { get; set; } = 64 * 1024;

    public IReadOnlyList<string> Validate() =>
        MaxSdpBytes is < 1024 or > 1024 * 1024 ? [$"--max-sdp-bytes must be 1024-1048576 (got {MaxSdpBytes})."] : [];
}
