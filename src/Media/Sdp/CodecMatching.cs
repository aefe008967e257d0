namespace OctoMesh.Media.Sdp;

/// <summary>
/// Decides whether an offered codec is one the bridge supports (or one a restriction demands) and
/// builds the codec the answer lists for it (RFC 3264 §6.1: same payload type, parameters the answerer
/// accepts).
/// </summary>
internal static class CodecMatching
{
    internal const string PacketizationModeParameter = "packetization-mode";
    internal const string LevelAsymmetryAllowedParameter = "level-asymmetry-allowed";
    private const string Vp9ProfileParameter = "profile-id";
    private const string Av1ProfileParameter = "profile";
    private const string DefaultProfile = "0";

    /// <summary>
    /// True when <paramref name="offered"/> and <paramref name="supported"/> are the same codec: same name,
    /// clock rate and channel count, and for H.264 the same packetization-mode and profile
    /// (RFC 6184 §8.2.2), for VP9 the same profile-id, for AV1 the same profile.
    /// </summary>
    internal static bool Matches(RtpCodec offered, RtpCodec supported)
    {
        if (!offered.HasName(supported.Name) || offered.ClockRate != supported.ClockRate
            || Math.Max(1, offered.Channels) != Math.Max(1, supported.Channels))
        {
            return false;
        }

        if (offered.HasName("H264"))
        {
            // RFC 6184 §8.1: packetization-mode defaults to 0 (single NAL unit mode).
            return ParameterOrDefault(offered, PacketizationModeParameter, "0") == ParameterOrDefault(supported, PacketizationModeParameter, "0")
                && H264ProfileLevelId.TryGetFrom(offered, out var offeredProfile)
                && H264ProfileLevelId.TryGetFrom(supported, out var supportedProfile)
                && offeredProfile.IsSameProfile(supportedProfile);
        }

        if (offered.HasName("VP9"))
        {
            return ParameterOrDefault(offered, Vp9ProfileParameter, DefaultProfile) == ParameterOrDefault(supported, Vp9ProfileParameter, DefaultProfile);
        }

        if (offered.HasName("AV1"))
        {
            return ParameterOrDefault(offered, Av1ProfileParameter, DefaultProfile) == ParameterOrDefault(supported, Av1ProfileParameter, DefaultProfile);
        }

        return true;
    }

    /// <summary>
    /// The answer's codec for an offered one: the offer's payload type and name, feedback limited to
    /// what both sides support, and fmtp parameters per codec.
    /// </summary>
    internal static RtpCodec CreateAnswerCodec(RtpCodec offered, RtpCodec supported, IReadOnlyCollection<string> supportedFeedback)
    {
        var answer = new RtpCodec
        {
            PayloadType = offered.PayloadType,
            Name = offered.Name,
            ClockRate = offered.ClockRate,
            Channels = offered.Channels,
            Feedback = [.. offered.Feedback.Where(supportedFeedback.Contains)],
        };

        if (offered.HasName("H264"))
        {
            CopyIfPresent(offered, answer, LevelAsymmetryAllowedParameter);
            CopyIfPresent(offered, answer, PacketizationModeParameter);
            H264ProfileLevelId.TryGetFrom(offered, out var offeredProfile);
            H264ProfileLevelId.TryGetFrom(supported, out var supportedProfile);
            answer.Parameters[H264ProfileLevelId.ParameterName] = offeredProfile.WithLowerLevel(supportedProfile).ToString();
        }
        else if (offered.HasName("opus"))
        {
            // Our receive preferences (RFC 7587 §6.1): these describe what the bridge accepts.
            foreach (var (key, value) in supported.Parameters)
            {
                answer.Parameters[key] = value;
            }
        }
        else
        {
            foreach (var (key, value) in offered.Parameters)
            {
                answer.Parameters[key] = value;
            }
        }

        return answer;
    }

    /// <summary>The answer's RTX codec for an offered one whose apt was accepted (RFC 4588 §8.6).</summary>
    internal static RtpCodec CreateAnswerRtx(RtpCodec offeredRtx, RtpCodec repaired)
    {
        var rtx = offeredRtx.Clone();
        rtx.Feedback.Clear();
        rtx.RtxPayloadType = null;
        repaired.RtxPayloadType = rtx.PayloadType;
        return rtx;
    }

    private static string ParameterOrDefault(RtpCodec codec, string key, string fallback) => codec.GetParameter(key) ?? fallback;

    private static void CopyIfPresent(RtpCodec from, RtpCodec to, string key)
    {
        if (from.GetParameter(key) is { } value)
        {
            to.Parameters[key] = value;
        }
    }
}
