using OctoMesh.Media.Sdp;

namespace OctoMesh.Media.Tests.Sdp;

internal static class SdpTestOptions
{
    internal const string LocalUfrag = "oMsh";
    internal const string LocalPwd = "Sdp0bridge0password0xyz";
    internal const string LocalCandidate = "candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host";

    internal static readonly SdpFingerprint LocalFingerprint = new("sha-256",
        "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99");

    internal static LocalMediaOptions Answer() => new()
    {
        IceUfrag = LocalUfrag,
        IcePwd = LocalPwd,
        Fingerprint = LocalFingerprint,
        Candidates = ["1 1 udp 2130706431 127.0.0.1 10000 typ host"],
        SessionId = "1234567890",
    };

    internal static SdpOfferOptions Offer() => new()
    {
        IceUfrag = LocalUfrag,
        IcePwd = LocalPwd,
        Fingerprint = LocalFingerprint,
        Candidates = [LocalCandidate],
        SessionId = "987654321",
    };

    /// <summary>The "a=" lines of the m-section with <paramref name="mid"/>, in order.</summary>
    internal static List<string> SectionLines(string sdp, int index)
    {
        var sections = sdp.Split("\r\nm=");
        return [.. ("m=" + sections[index + 1]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>The session part (before the first m= line).</summary>
    internal static List<string> SessionLines(string sdp) =>
        [.. sdp.Split("\r\nm=")[0].Split("\r\n", StringSplitOptions.RemoveEmptyEntries)];
}
