namespace OctoMesh.Media.Sdp;

/// <summary>
/// One media section: the "m=" line (RFC 8866 §5.14) and the attributes under it that WebRTC uses
/// (JSEP, RFC 8829 §5.2.1). Attributes the bridge does not model are kept raw in
/// <see cref="OtherAttributes"/> and written back unchanged.
/// </summary>
public sealed class MediaDescription
{
    /// <summary>The media type, classified.</summary>
    public MediaKind Kind { get; set; }

    /// <summary>The media type as written ("audio", "video", "application", ...).</summary>
    public string KindName { get; set; } = "audio";

    /// <summary>The port; 0 marks a rejected (or, with a=bundle-only, a bundled) section (RFC 8843 §6).</summary>
    public int Port { get; set; } = 9;

    /// <summary>The transport protocol, e.g. "UDP/TLS/RTP/SAVPF" (RFC 5764 §8) or "UDP/DTLS/SCTP".</summary>
    public string Protocol { get; set; } = "UDP/TLS/RTP/SAVPF";

    /// <summary>The format list of the m= line: payload types for RTP, "webrtc-datachannel" for SCTP.</summary>
    public List<string> Formats { get; set; } = [];

    /// <summary>The "c=" value; "IN IP4 0.0.0.0" is written when null (JSEP §5.2.1).</summary>
    public string? Connection { get; set; }

    /// <summary>Raw "b=" values, e.g. "AS:2500" or "TIAS:2500000".</summary>
    public List<string> Bandwidths { get; set; } = [];

    /// <summary>"a=mid" (RFC 8843 §14).</summary>
    public string? Mid { get; set; }

    /// <summary>The direction attribute; sendrecv when absent.</summary>
    public MediaDirection Direction { get; set; } = MediaDirection.SendRecv;

    /// <summary>"a=rtcp-mux" (RFC 5761 §5.1.3).</summary>
    public bool RtcpMux { get; set; }

    /// <summary>"a=rtcp-rsize" (RFC 5506 §5).</summary>
    public bool RtcpRsize { get; set; }

    /// <summary>Media-level "a=ice-ufrag" (RFC 8839 §5.4); see <see cref="SessionDescription.EffectiveIceUfrag"/>.</summary>
    public string? IceUfrag { get; set; }

    /// <summary>Media-level "a=ice-pwd".</summary>
    public string? IcePwd { get; set; }

    /// <summary>Media-level "a=fingerprint".</summary>
    public SdpFingerprint? Fingerprint { get; set; }

    /// <summary>Media-level "a=setup" (RFC 4145 §4): "actpass", "active", "passive".</summary>
    public string? Setup { get; set; }

    /// <summary>Codecs in the order of the m= line's format list (the writer's preference).</summary>
    public List<RtpCodec> Codecs { get; set; } = [];

    /// <summary>"a=extmap" header extension mappings.</summary>
    public List<RtpExtension> Extensions { get; set; } = [];

    /// <summary>"a=ssrc" source attributes in order.</summary>
    public List<SsrcAttribute> Ssrcs { get; set; } = [];

    /// <summary>"a=ssrc-group" source groups.</summary>
    public List<SsrcGroup> SsrcGroups { get; set; } = [];

    /// <summary>"a=msid" stream id (RFC 8830 §2); "-" means no stream.</summary>
    public string? MsidStream { get; set; }

    /// <summary>"a=msid" track id (the optional appdata).</summary>
    public string? MsidTrack { get; set; }

    /// <summary>"a=rid" lines (RFC 8851).</summary>
    public List<RidDescription> Rids { get; set; } = [];

    /// <summary>"a=simulcast" (RFC 8853).</summary>
    public SimulcastDescription? Simulcast { get; set; }

    /// <summary>ICE candidates as "candidate:..." strings, raw (RFC 8839 §5.1).</summary>
    public List<string> Candidates { get; set; } = [];

    /// <summary>"a=end-of-candidates" (RFC 8840 §8.2).</summary>
    public bool EndOfCandidates { get; set; }

    /// <summary>Attributes not modelled above, raw without the "a=" prefix, e.g. "rtcp:9 IN IP4 0.0.0.0".</summary>
    public List<string> OtherAttributes { get; set; } = [];

    /// <summary>True when the section is rejected: port 0 without "a=bundle-only" (RFC 8843 §7.3.3).</summary>
    public bool IsRejected => Port == 0 && !IsBundleOnly;

    /// <summary>"a=bundle-only" (RFC 8843 §6): port 0 but accepted through BUNDLE.</summary>
    public bool IsBundleOnly => OtherAttributes.Contains(SdpAttributeNames.BundleOnly);

    /// <summary>
    /// The main sending SSRC: the first "SIM" layer when present, else the first SSRC that is not the
    /// repair half of an "FID" group.
    /// </summary>
    public uint? PrimarySsrc
    {
        get
        {
            var simulcast = SsrcGroups.FirstOrDefault(g => g.Semantics == SsrcGroup.Simulcast && g.Ssrcs.Count > 0);
            if (simulcast is not null)
            {
                return simulcast.Ssrcs[0];
            }

            foreach (var attribute in Ssrcs)
            {
                if (!IsRepairSsrc(attribute.Ssrc))
                {
                    return attribute.Ssrc;
                }
            }

            var flow = SsrcGroups.FirstOrDefault(g => g.Semantics == SsrcGroup.FlowIdentification && g.Ssrcs.Count > 0);
            return flow?.Ssrcs[0];
        }
    }

    /// <summary>Every sending SSRC that is not an RTX repair SSRC, in order of first appearance.</summary>
    public List<uint> PrimarySsrcs
    {
        get
        {
            var result = new List<uint>();
            foreach (var group in SsrcGroups.Where(g => g.Semantics == SsrcGroup.Simulcast))
            {
                AddDistinct(result, group.Ssrcs);
            }

            AddDistinct(result, Ssrcs.Select(a => a.Ssrc).Where(ssrc => !IsRepairSsrc(ssrc)));
            return result;
        }
    }

    /// <summary>The "FID"-paired RTX SSRC of <paramref name="primarySsrc"/>, or null.</summary>
    public uint? RtxSsrcFor(uint primarySsrc)
    {
        foreach (var group in SsrcGroups)
        {
            if (group.Semantics == SsrcGroup.FlowIdentification && group.Ssrcs.Count >= 2 && group.Ssrcs[0] == primarySsrc)
            {
                return group.Ssrcs[1];
            }
        }

        return null;
    }

    /// <summary>The first "a=ssrc:N cname:X" value (RFC 5576 §6.1), or null.</summary>
    public string? Cname => Ssrcs.FirstOrDefault(a => a.Name == "cname")?.Value;

    /// <summary>The codec with <paramref name="payloadType"/>, or null.</summary>
    public RtpCodec? FindCodec(int payloadType) => Codecs.FirstOrDefault(c => c.PayloadType == payloadType);

    /// <summary>The id mapped to <paramref name="uri"/>, or null.</summary>
    public int? FindExtensionId(string uri) => Extensions.FirstOrDefault(e => e.Uri == uri)?.Id;

    private bool IsRepairSsrc(uint ssrc) => SsrcGroups.Any(g =>
        g.Semantics == SsrcGroup.FlowIdentification && g.Ssrcs.Count >= 2 && g.Ssrcs.Skip(1).Contains(ssrc));

    private static void AddDistinct(List<uint> result, IEnumerable<uint> ssrcs)
    {
        foreach (var ssrc in ssrcs)
        {
            if (!result.Contains(ssrc))
            {
                result.Add(ssrc);
            }
        }
    }
}
