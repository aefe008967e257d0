namespace OctoMesh.Media.Sdp;

/// <summary>Attribute names the parser and writer recognise, with the RFC that defines each.</summary>
internal static class SdpAttributeNames
{
    internal const string Group = "group";                    // RFC 5888 §5
    internal const string IceLite = "ice-lite";               // RFC 8839 §5.3
    internal const string IceUfrag = "ice-ufrag";             // RFC 8839 §5.4
    internal const string IcePwd = "ice-pwd";                 // RFC 8839 §5.4
    internal const string Fingerprint = "fingerprint";        // RFC 8122 §5
    internal const string Setup = "setup";                    // RFC 4145 §4
    internal const string Mid = "mid";                        // RFC 5888 §4
    internal const string RtcpMux = "rtcp-mux";               // RFC 5761 §5.1.3
    internal const string RtcpRsize = "rtcp-rsize";           // RFC 5506 §5
    internal const string RtpMap = "rtpmap";                  // RFC 8866 §6.6
    internal const string Fmtp = "fmtp";                      // RFC 8866 §6.15
    internal const string RtcpFeedback = "rtcp-fb";           // RFC 4585 §4.2
    internal const string ExtMap = "extmap";                  // RFC 8285 §8
    internal const string ExtMapAllowMixed = "extmap-allow-mixed"; // RFC 8285 §6
    internal const string Ssrc = "ssrc";                      // RFC 5576 §4.1
    internal const string SsrcGroup = "ssrc-group";           // RFC 5576 §4.2
    internal const string Msid = "msid";                      // RFC 8830 §2
    internal const string Rid = "rid";                        // RFC 8851 §4
    internal const string Simulcast = "simulcast";            // RFC 8853 §5.1
    internal const string Candidate = "candidate";            // RFC 8839 §5.1
    internal const string EndOfCandidates = "end-of-candidates"; // RFC 8840 §8.2
    internal const string BundleOnly = "bundle-only";         // RFC 8843 §6
    internal const string BundleSemantics = "BUNDLE";         // RFC 8843 §7.1
}
