namespace OctoMesh.Media.Sdp;

/// <summary>
/// Parses the "a=" lines of one media section into a <see cref="MediaDescription"/>, then
/// (<see cref="Finish"/>) orders the codecs by the m= format list and links RTX codecs to the
/// payload types they repair. Returns an error string instead of throwing.
/// </summary>
internal sealed class SdpMediaAttributeParser
{
    /// <summary>"a=rtcp-fb:* ..." applies to every payload type (RFC 4585 §4.2).</summary>
    private const string WildcardPayloadType = "*";

    private readonly MediaDescription _media;
    private readonly Dictionary<int, RtpCodec> _codecs = [];
    private readonly HashSet<int> _mappedPayloadTypes = [];
    private readonly List<string> _wildcardFeedback = [];

    internal SdpMediaAttributeParser(MediaDescription media) => _media = media;

    internal string? ParseAttribute(string attribute)
    {
        var (name, value) = SdpTokens.SplitFirst(attribute, ':');
        if (MediaDirections.TryParse(attribute, out var direction))
        {
            _media.Direction = direction;
            return null;
        }

        switch (name)
        {
            case SdpAttributeNames.Mid:
                _media.Mid = value;
                return SdpTokens.IsToken(value) ? null : "bad mid";
            case SdpAttributeNames.RtcpMux when value.Length == 0:
                _media.RtcpMux = true;
                return null;
            case SdpAttributeNames.RtcpRsize when value.Length == 0:
                _media.RtcpRsize = true;
                return null;
            case SdpAttributeNames.IceUfrag:
                _media.IceUfrag = value;
                return SdpTokens.IsToken(value) ? null : "bad ice-ufrag";
            case SdpAttributeNames.IcePwd:
                _media.IcePwd = value;
                return SdpTokens.IsToken(value) ? null : "bad ice-pwd";
            case SdpAttributeNames.Fingerprint:
                _media.Fingerprint = ParseFingerprint(value);
                return _media.Fingerprint is null ? "bad fingerprint" : null;
            case SdpAttributeNames.Setup:
                _media.Setup = value;
                return SdpTokens.IsToken(value) ? null : "bad setup";
            case SdpAttributeNames.RtpMap:
                return ParseRtpMap(value);
            case SdpAttributeNames.Fmtp:
                return ParseFmtp(value);
            case SdpAttributeNames.RtcpFeedback:
                return ParseFeedback(attribute, value);
            case SdpAttributeNames.ExtMap:
                return ParseExtMap(value);
            case SdpAttributeNames.Ssrc:
                return ParseSsrc(value);
            case SdpAttributeNames.SsrcGroup:
                return ParseSsrcGroup(value);
            case SdpAttributeNames.Msid:
                return ParseMsid(value);
            case SdpAttributeNames.Rid:
                return ParseRid(value);
            case SdpAttributeNames.Simulcast:
                _media.Simulcast = SimulcastDescription.TryParse(value);
                return _media.Simulcast is null ? "bad simulcast" : null;
            case SdpAttributeNames.Candidate:
                _media.Candidates.Add(attribute);
                return value.Length == 0 ? "empty candidate" : null;
            case SdpAttributeNames.EndOfCandidates:
                _media.EndOfCandidates = true;
                return null;
            default:
                _media.OtherAttributes.Add(attribute);
                return null;
        }
    }

    /// <summary>Called at the end of the section: order codecs and link RTX (RFC 4588 §8.6).</summary>
    internal void Finish()
    {
        foreach (var format in _media.Formats)
        {
            if (!SdpTokens.TryParsePayloadType(format, out var payloadType) || _media.FindCodec(payloadType) is not null)
            {
                continue;
            }

            if (_mappedPayloadTypes.Contains(payloadType))
            {
                _media.Codecs.Add(_codecs[payloadType]);
            }
            else if (StaticPayloadTypes.TryCreate(payloadType, _codecs.GetValueOrDefault(payloadType)) is { } staticCodec)
            {
                _media.Codecs.Add(staticCodec);
            }
        }

        foreach (var codec in _media.Codecs)
        {
            foreach (var feedback in _wildcardFeedback.Where(f => !codec.Feedback.Contains(f)))
            {
                codec.Feedback.Add(feedback);
            }

            if (codec.IsRtx && codec.AssociatedPayloadType is { } apt && _media.FindCodec(apt) is { } repaired)
            {
                repaired.RtxPayloadType = codec.PayloadType;
            }
        }
    }

    internal static SdpFingerprint? ParseFingerprint(string value)
    {
        var (algorithm, digest) = SdpTokens.SplitFirst(value, ' ');
        return SdpTokens.IsToken(algorithm) && SdpTokens.IsToken(digest) ? new SdpFingerprint(algorithm, digest) : null;
    }

    private RtpCodec CodecFor(int payloadType)
    {
        if (!_codecs.TryGetValue(payloadType, out var codec))
        {
            codec = new RtpCodec { PayloadType = payloadType };
            _codecs[payloadType] = codec;
        }

        return codec;
    }

    private string? ParseRtpMap(string value)
    {
        // a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
        var (payload, encoding) = SdpTokens.SplitFirst(value, ' ');
        var parts = encoding.Split('/');
        if (!SdpTokens.TryParsePayloadType(payload, out var payloadType) || parts.Length is < 2 or > 3
            || !SdpTokens.IsToken(parts[0]) || !SdpTokens.TryParseInt(parts[1], out var clockRate) || clockRate == 0)
        {
            return "bad rtpmap";
        }

        var channels = 1;
        if (parts.Length == 3 && (!SdpTokens.TryParseInt(parts[2], out channels) || channels == 0))
        {
            return "bad rtpmap channel count";
        }

        if (!_mappedPayloadTypes.Add(payloadType))
        {
            return $"duplicate rtpmap for payload type {payloadType}";
        }

        var codec = CodecFor(payloadType);
        codec.Name = parts[0];
        codec.ClockRate = clockRate;
        codec.Channels = channels;
        return null;
    }

    private string? ParseFmtp(string value)
    {
        // a=fmtp:<format> <format specific parameters>, usually "key=value;key=value" (RFC 8866 §6.15)
        var (payload, parameters) = SdpTokens.SplitFirst(value, ' ');
        if (!SdpTokens.TryParsePayloadType(payload, out var payloadType))
        {
            return _media.Kind == MediaKind.Application ? KeepRaw(SdpAttributeNames.Fmtp + ":" + value) : "bad fmtp";
        }

        var codec = CodecFor(payloadType);
        foreach (var parameter in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, parameterValue) = SdpTokens.SplitFirst(parameter, '=');
            codec.Parameters[key.Trim()] = parameterValue.Trim();
        }

        return null;
    }

    private string? ParseFeedback(string attribute, string value)
    {
        // a=rtcp-fb:<payload type | *> <type> [<subtype>]
        var (payload, feedback) = SdpTokens.SplitFirst(value, ' ');
        feedback = feedback.Trim();
        if (feedback.Length == 0)
        {
            return "bad rtcp-fb";
        }

        if (payload == WildcardPayloadType)
        {
            _wildcardFeedback.Add(feedback);
            return KeepRaw(attribute);
        }

        if (!SdpTokens.TryParsePayloadType(payload, out var payloadType))
        {
            return "bad rtcp-fb payload type";
        }

        var codec = CodecFor(payloadType);
        if (!codec.Feedback.Contains(feedback))
        {
            codec.Feedback.Add(feedback);
        }

        return null;
    }

    private string? ParseExtMap(string value)
    {
        // a=extmap:<value>["/"<direction>] <URI> <extensionattributes>   (RFC 8285 §8)
        var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2)
        {
            return "bad extmap";
        }

        var (idText, directionText) = SdpTokens.SplitFirst(fields[0], '/');
        if (!SdpTokens.TryParseInt(idText, out var id) || id is 0 or > SdpTokens.MaxExtensionId)
        {
            return "bad extmap id";
        }

        MediaDirection? direction = null;
        if (directionText.Length > 0)
        {
            if (!MediaDirections.TryParse(directionText, out var parsed))
            {
                return "bad extmap direction";
            }

            direction = parsed;
        }

        if (_media.Extensions.Any(e => e.Id == id))
        {
            return $"duplicate extmap id {id}";
        }

        _media.Extensions.Add(new RtpExtension(id, fields[1], direction));
        return null;
    }

    private string? ParseSsrc(string value)
    {
        // a=ssrc:<ssrc-id> <attribute>[:<value>]   (RFC 5576 §4.1)
        var (ssrcText, sourceAttribute) = SdpTokens.SplitFirst(value, ' ');
        if (!SdpTokens.TryParseUInt(ssrcText, out var ssrc))
        {
            return "bad ssrc";
        }

        var (name, attributeValue) = SdpTokens.SplitFirst(sourceAttribute, ':');
        var hasValue = sourceAttribute.Contains(':');
        _media.Ssrcs.Add(new SsrcAttribute(ssrc, name, hasValue ? attributeValue : null));
        return null;
    }

    private string? ParseSsrcGroup(string value)
    {
        // a=ssrc-group:<semantics> <ssrc-id> ...   (RFC 5576 §4.2)
        var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2 || !SdpTokens.IsToken(fields[0]))
        {
            return "bad ssrc-group";
        }

        var ssrcs = new List<uint>(fields.Length - 1);
        foreach (var field in fields.Skip(1))
        {
            if (!SdpTokens.TryParseUInt(field, out var ssrc))
            {
                return "bad ssrc in ssrc-group";
            }

            ssrcs.Add(ssrc);
        }

        _media.SsrcGroups.Add(new SsrcGroup(fields[0], ssrcs));
        return null;
    }

    private string? ParseMsid(string value)
    {
        // a=msid:<stream id> [<track id>]   (RFC 8830 §2)
        var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is < 1 or > 2)
        {
            return "bad msid";
        }

        _media.MsidStream = fields[0];
        _media.MsidTrack = fields.Length == 2 ? fields[1] : null;
        return null;
    }

    private string? ParseRid(string value)
    {
        // a=rid:<rid-id> <send|recv> [<restrictions>]   (RFC 8851 §10)
        var fields = value.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2 || !SdpTokens.IsRidId(fields[0]))
        {
            return "bad rid";
        }

        RidDirection direction;
        switch (fields[1])
        {
            case "send": direction = RidDirection.Send; break;
            case "recv": direction = RidDirection.Recv; break;
            default: return "bad rid direction";
        }

        _media.Rids.Add(new RidDescription(fields[0], direction, fields.Length == 3 ? fields[2] : null));
        return null;
    }

    private string? KeepRaw(string attribute)
    {
        _media.OtherAttributes.Add(attribute);
        return null;
    }
}
