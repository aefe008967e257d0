using System.Globalization;

namespace OctoMesh.Media.Sdp;

/// <summary>
/// The H.264 "profile-level-id" fmtp parameter (RFC 6184 §8.1): three bytes written as six hex digits.
/// <code>
///   profile_idc   profile-iop (constraint_set0..5 flags, 2 reserved)   level_idc
///  +-----------+---------------------------------------------------+-----------+
///  |  8 bits   | c0 c1 c2 c3 c4 c5 r r                             |  8 bits   |
///  +-----------+---------------------------------------------------+-----------+
///   "42e01f" = Constrained Baseline (0x42, constraint_set0..2), level 3.1
/// </code>
/// </summary>
public readonly record struct H264ProfileLevelId(byte ProfileIdc, byte ProfileIop, byte LevelIdc)
{
    /// <summary>The fmtp key.</summary>
    public const string ParameterName = "profile-level-id";

    /// <summary>RFC 6184 §8.1: when the parameter is absent, Baseline profile level 1.0 ("420010").</summary>
    public static readonly H264ProfileLevelId Default = new(0x42, 0x00, 0x10);

    /// <summary>constraint_set1_flag in profile-iop: set for Constrained Baseline and Main-compatible streams.</summary>
    public const byte ConstraintSet1Flag = 0x40;

    private const int HexLength = 6;

    /// <summary>Parses six hex digits; false for anything else.</summary>
    public static bool TryParse(string? text, out H264ProfileLevelId value)
    {
        value = default;
        if (text is null || text.Length != HexLength
            || !uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits))
        {
            return false;
        }

        value = new H264ProfileLevelId((byte)(bits >> 16), (byte)(bits >> 8), (byte)bits);
        return true;
    }

    /// <summary>
    /// The value of <paramref name="codec"/>'s profile-level-id, the RFC 6184 default when absent,
    /// or false when present but malformed.
    /// </summary>
    public static bool TryGetFrom(RtpCodec codec, out H264ProfileLevelId value)
    {
        var text = codec.GetParameter(ParameterName);
        if (text is null)
        {
            value = Default;
            return true;
        }

        return TryParse(text, out value);
    }

    /// <summary>
    /// Whether two sides speak the same profile. RFC 6184 §8.2.2 asks for the same profile in offer
    /// and answer; the level may differ (the answer uses the lower one). Kept deliberately simple:
    /// the same profile_idc and the same constraint_set1 flag, which separates Constrained Baseline
    /// ("42e0..", "42c0..") from plain Baseline ("4200..").
    /// </summary>
    public bool IsSameProfile(H264ProfileLevelId other) =>
        ProfileIdc == other.ProfileIdc && (ProfileIop & ConstraintSet1Flag) == (other.ProfileIop & ConstraintSet1Flag);

    /// <summary>This profile at the lower of the two levels (RFC 6184 §8.2.2: the answer's level).</summary>
    public H264ProfileLevelId WithLowerLevel(H264ProfileLevelId other) =>
        this with { LevelIdc = Math.Min(LevelIdc, other.LevelIdc) };

    /// <summary>Six lower-case hex digits, as browsers write it.</summary>
    public override string ToString() =>
        ProfileIdc.ToString("x2", CultureInfo.InvariantCulture)
        + ProfileIop.ToString("x2", CultureInfo.InvariantCulture)
        + LevelIdc.ToString("x2", CultureInfo.InvariantCulture);
}
