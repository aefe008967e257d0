using OctoMesh.Bridge.Configuration;

namespace OctoMesh.Bridge.Conferences;

/// <summary>What the bridge asks of the publishers in its conferences.</summary>
public sealed class ConferenceOptions : IValidatedOptions
{
    public static IReadOnlyDictionary<string, string> Switches { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--max-publisher-bitrate"] = nameof(MaxPublisherBitrate),
    };

    /// <summary>Bitrate (bit/s) the bridge tells each publisher it may send per video track, by REMB (<c>--max-publisher-bitrate</c>).</summary>
    public long MaxPublisherBitrate { get; set; } = 2_500_000;

    public IReadOnlyList<string> Validate() =>
        MaxPublisherBitrate is < 50_000 or > 100_000_000 ? [$"--max-publisher-bitrate must be 50000-100000000 bit/s (got {MaxPublisherBitrate})."] : [];
}
