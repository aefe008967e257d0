using System.Text;

namespace OctoMesh.Media.Sdp;

/// <summary>
/// Writes a <see cref="SessionDescription"/> as RFC 8866 text: the fixed line order of §5
/// (v o s i u e p c b t r z k a, then per media m i c b k a), CRLF line ends, and the attribute
/// order Chromium uses so that diffs against browser SDP read naturally.
/// </summary>
internal static class SdpWriter
{
    private const string LineEnd = "\r\n";

    /// <summary>JSEP §5.2.1: "c=IN IP4 0.0.0.0" when no real address is signalled.</summary>
    private const string NullConnection = "IN IP4 0.0.0.0";

    internal static string Write(SessionDescription description)
    {
        var sdp = new StringBuilder(2048);
        Line(sdp, 'v', "0");
        Line(sdp, 'o', string.Join(' ', description.OriginUsername, description.SessionId, description.SessionVersion,
            "IN", description.OriginAddressType, description.OriginAddress));
        Line(sdp, 's', description.SessionName);
        foreach (var other in description.OtherLines.Where(l => !IsAfterTiming(l)))
        {
            sdp.Append(other).Append(LineEnd);
        }

        if (description.Connection is not null)
        {
            Line(sdp, 'c', description.Connection);
        }

        Line(sdp, 't', description.Timing);
        foreach (var other in description.OtherLines.Where(IsAfterTiming))
        {
            sdp.Append(other).Append(LineEnd);
        }

        if (description.BundleMids.Count > 0)
        {
            Attribute(sdp, SdpAttributeNames.Group, SdpAttributeNames.BundleSemantics + " " + string.Join(' ', description.BundleMids));
        }

        if (description.IceLite)
        {
            Attribute(sdp, SdpAttributeNames.IceLite);
        }

        WriteTransport(sdp, description.IceUfrag, description.IcePwd, description.Fingerprint, description.Setup);
        foreach (var attribute in description.OtherAttributes)
        {
            Attribute(sdp, attribute);
        }

        foreach (var media in description.Media)
        {
            WriteMedia(sdp, media);
        }

        return sdp.ToString();
    }

    private static void WriteMedia(StringBuilder sdp, MediaDescription media)
    {
        Line(sdp, 'm', string.Join(' ', [media.KindName, SdpTokens.Format(media.Port), media.Protocol, .. media.Formats]));
        Line(sdp, 'c', media.Connection ?? NullConnection);
        foreach (var bandwidth in media.Bandwidths)
        {
            Line(sdp, 'b', bandwidth);
        }

        WriteTransport(sdp, media.IceUfrag, media.IcePwd, media.Fingerprint, media.Setup);
        if (media.Mid is not null)
        {
            Attribute(sdp, SdpAttributeNames.Mid, media.Mid);
        }

        foreach (var extension in media.Extensions)
        {
            var id = extension.Direction is { } direction
                ? SdpTokens.Format(extension.Id) + "/" + direction.ToAttributeName()
                : SdpTokens.Format(extension.Id);
            Attribute(sdp, SdpAttributeNames.ExtMap, id + " " + extension.Uri);
        }

        // Rejected data sections carry no direction; every RTP section states one explicitly.
        if (media.Kind != MediaKind.Application)
        {
            Attribute(sdp, media.Direction.ToAttributeName());
        }

        if (media.MsidStream is not null)
        {
            Attribute(sdp, SdpAttributeNames.Msid, media.MsidTrack is null ? media.MsidStream : media.MsidStream + " " + media.MsidTrack);
        }

        if (media.RtcpMux)
        {
            Attribute(sdp, SdpAttributeNames.RtcpMux);
        }

        if (media.RtcpRsize)
        {
            Attribute(sdp, SdpAttributeNames.RtcpRsize);
        }

        foreach (var codec in media.Codecs)
        {
            WriteCodec(sdp, codec);
        }

        foreach (var rid in media.Rids)
        {
            var direction = rid.Direction == RidDirection.Send ? "send" : "recv";
            Attribute(sdp, SdpAttributeNames.Rid, rid.Restrictions is null ? rid.Id + " " + direction : rid.Id + " " + direction + " " + rid.Restrictions);
        }

        if (media.Simulcast is not null)
        {
            Attribute(sdp, SdpAttributeNames.Simulcast, media.Simulcast.ToString());
        }

        foreach (var group in media.SsrcGroups)
        {
            Attribute(sdp, SdpAttributeNames.SsrcGroup, group.Semantics + " " + string.Join(' ', group.Ssrcs));
        }

        foreach (var ssrc in media.Ssrcs)
        {
            var source = SdpTokens.Format(ssrc.Ssrc) + " " + ssrc.Name;
            Attribute(sdp, SdpAttributeNames.Ssrc, ssrc.Value is null ? source : source + ":" + ssrc.Value);
        }

        foreach (var attribute in media.OtherAttributes)
        {
            Attribute(sdp, attribute);
        }

        foreach (var candidate in media.Candidates)
        {
            Attribute(sdp, candidate);
        }

        if (media.EndOfCandidates)
        {
            Attribute(sdp, SdpAttributeNames.EndOfCandidates);
        }
    }

    private static void WriteCodec(StringBuilder sdp, RtpCodec codec)
    {
        // Static payload types (RFC 3551) also get an rtpmap: JSEP §5.2.1 asks for one per format.
        Attribute(sdp, SdpAttributeNames.RtpMap, codec.FormatRtpMap());
        foreach (var feedback in codec.Feedback)
        {
            Attribute(sdp, SdpAttributeNames.RtcpFeedback, SdpTokens.Format(codec.PayloadType) + " " + feedback);
        }

        if (codec.Parameters.Count > 0)
        {
            Attribute(sdp, SdpAttributeNames.Fmtp, SdpTokens.Format(codec.PayloadType) + " " + codec.FormatParameters());
        }
    }

    private static void WriteTransport(StringBuilder sdp, string? iceUfrag, string? icePwd, SdpFingerprint? fingerprint, string? setup)
    {
        if (iceUfrag is not null)
        {
            Attribute(sdp, SdpAttributeNames.IceUfrag, iceUfrag);
        }

        if (icePwd is not null)
        {
            Attribute(sdp, SdpAttributeNames.IcePwd, icePwd);
        }

        if (fingerprint is not null)
        {
            Attribute(sdp, SdpAttributeNames.Fingerprint, fingerprint.ToString());
        }

        if (setup is not null)
        {
            Attribute(sdp, SdpAttributeNames.Setup, setup);
        }
    }

    /// <summary>RFC 8866 §5: r=, z= and k= follow t=; i=, u=, e=, p=, b= precede it.</summary>
    private static bool IsAfterTiming(string line) => line.Length > 0 && line[0] is 'r' or 'z' or 'k';

    private static void Line(StringBuilder sdp, char type, string value) =>
        sdp.Append(type).Append('=').Append(value).Append(LineEnd);

    private static void Attribute(StringBuilder sdp, string name) => Line(sdp, 'a', name);

    private static void Attribute(StringBuilder sdp, string name, string value) =>
        sdp.Append("a=").Append(name).Append(':').Append(value).Append(LineEnd);
}
