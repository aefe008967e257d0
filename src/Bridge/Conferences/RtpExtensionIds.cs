namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// The header-extension ids one PeerConnection negotiated (RFC 8285 §6: ids are per session),
/// by URI. Forwarding rewrites a publisher's ids into each subscriber's.
/// </summary>
public sealed class RtpExtensionIds
{
    public const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public const string AbsSendTimeUri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public const string TransportCcUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public const string RtpStreamIdUri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public const string RepairedRtpStreamIdUri = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public const string VideoOrientationUri = "urn:3gpp:video-orientation";

    /// <summary>Extensions forwarded end to end; the rest (mid, transport-cc, abs-send-time) are hop-by-hop.</summary>
    private static readonly string[] EndToEndUris = [AudioLevelUri, VideoOrientationUri];

    private readonly Dictionary<string, int> _idByUri;

    public RtpExtensionIds(IEnumerable<KeyValuePair<string, int>> idsByUri)
    {
        _idByUri = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (uri, id) in idsByUri)
        {
            if (id is >= 1 and <= 255)
            {
                _idByUri[uri] = id;
            }
        }
    }

    public static RtpExtensionIds None { get; } = new([]);

    public int this[string uri] => _idByUri.GetValueOrDefault(uri);

    public int Mid => this[MidUri];

    public int RtpStreamId => this[RtpStreamIdUri];

    public IReadOnlyDictionary<string, int> All => _idByUri;

    /// <summary>
    /// A 256-entry map from this side's ids to <paramref name="destination"/>'s; 0 removes the element.
    /// Only end-to-end extensions survive: the rest describe the publisher's hop, not the subscriber's.
    /// </summary>
    public byte[] BuildRewriteMap(RtpExtensionIds destination)
    {
        var map = new byte[256];
        foreach (var uri in EndToEndUris)
        {
            var from = this[uri];
            var to = destination[uri];
            if (from != 0 && to != 0)
            {
                map[from] = (byte)to;
            }
        }

        return map;
    }
}
