using OctoMesh.Bridge.Conferences;

namespace OctoMesh.Bridge.Signaling;

/// <summary>
/// Payload types for one subscribe PeerConnection. In a BUNDLE group a payload type must mean the
/// same codec on every m-line (RFC 8843 §9.1), yet publishers choose their numbers independently:
/// each distinct codec configuration gets one number here, the publisher's own when still free.
/// </summary>
internal sealed class PayloadTypeAllocator
{
    private readonly Dictionary<string, int> _byCodec = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<int> _used = [];

    public int Allocate(NegotiatedCodec codec) => AllocateFor(Key(codec), codec.PayloadType);

    public int AllocateRtx(NegotiatedCodec codec) => AllocateFor("rtx:" + Key(codec), codec.RtxPayloadType ?? codec.PayloadType + 1);

    private int AllocateFor(string key, int preferred)
    {
        if (_byCodec.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var payloadType = IsDynamic(preferred) && !_used.Contains(preferred) ? preferred : NextFree();
        _byCodec[key] = payloadType;
        _used.Add(payloadType);
        return payloadType;
    }

    private int NextFree()
    {
        // RFC 3551 §3: 96-127 are dynamic; 35-63 are unassigned and used by browsers when 96-127 run out.
        foreach (var candidate in Enumerable.Range(96, 32).Concat(Enumerable.Range(35, 29)))
        {
            if (!_used.Contains(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No payload type left for another codec configuration.");
    }

    private static bool IsDynamic(int payloadType) => payloadType is (>= 96 and <= 127) or (>= 35 and <= 63);

    private static string Key(NegotiatedCodec codec) => $"{codec.Name}/{codec.ClockRate}/{codec.Channels}/{codec.Fmtp}";
}
