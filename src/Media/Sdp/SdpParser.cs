namespace OctoMesh.Media.Sdp;

/// <summary>
/// Line-oriented SDP parser (RFC 8866 §5). Every line is "&lt;type&gt;=&lt;value&gt;"; the session part
/// starts with v=, o=, s= and each "m=" line opens a media section that runs to the next one.
/// Any malformed or oversized input gives an error result; nothing here throws on hostile text.
/// </summary>
internal static class SdpParser
{
    /// <summary>RFC 8866 §5.1: the only defined protocol version.</summary>
    private const string ProtocolVersion = "0";

    /// <summary>o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;.</summary>
    private const int OriginFieldCount = 6;

    internal static SdpParseResult Parse(string? sdp)
    {
        if (string.IsNullOrEmpty(sdp))
        {
            return SdpParseResult.Fail("empty SDP");
        }

        if (sdp.Length > SessionDescription.MaxLength)
        {
            return SdpParseResult.Fail($"SDP longer than {SessionDescription.MaxLength} characters");
        }

        var lines = sdp.Split('\n');
        if (lines.Length > SessionDescription.MaxLineCount + 1)
        {
            return SdpParseResult.Fail($"SDP has more than {SessionDescription.MaxLineCount} lines");
        }

        var description = new SessionDescription();
        var state = new ParseState();
        MediaDescription? media = null;
        SdpMediaAttributeParser? mediaParser = null;

        for (var index = 0; index < lines.Length; index++)
        {
            // RFC 8866 §5: lines end in CRLF, but parsers should also accept a bare LF.
            var line = lines[index].TrimEnd('\r', ' ', '\t');
            if (line.Length == 0)
            {
                continue;
            }

            var error = CheckLineSyntax(line);
            var type = line[0];
            var value = error is null ? line[2..] : string.Empty;
            if (error is null && !state.SawVersion)
            {
                error = type == 'v' && value == ProtocolVersion ? null : "SDP must start with v=0";
                state.SawVersion = true;
            }
            else if (error is null && type == 'm')
            {
                mediaParser?.Finish();
                if (!state.SawOrigin)
                {
                    error = "missing o= line before the first m= line";
                }

                if (error is null && description.Media.Count >= SessionDescription.MaxMediaSections)
                {
                    error = $"more than {SessionDescription.MaxMediaSections} media sections";
                }

                if (error is null)
                {
                    media = new MediaDescription();
                    error = ParseMediaLine(value, media);
                    description.Media.Add(media);
                    media.Direction = state.SessionDirection;
                    mediaParser = new SdpMediaAttributeParser(media);
                }
            }
            else if (error is null && media is null)
            {
                error = ParseSessionLine(type, value, description, state);
            }
            else if (error is null && mediaParser is not null && media is not null)
            {
                error = ParseMediaLevelLine(type, value, media, mediaParser);
            }

            if (error is not null)
            {
                return SdpParseResult.Fail($"line {index + 1}: {error}");
            }
        }

        mediaParser?.Finish();
        if (!state.SawVersion || !state.SawOrigin || !state.SawSessionName)
        {
            return SdpParseResult.Fail("missing one of the required v=, o=, s= lines");
        }

        var duplicateMid = description.Media
            .Where(m => m.Mid is not null)
            .GroupBy(m => m.Mid)
            .FirstOrDefault(g => g.Count() > 1);
        return duplicateMid is not null
            ? SdpParseResult.Fail($"duplicate a=mid:{duplicateMid.Key}")
            : new SdpParseResult(description, null);
    }

    private static string? CheckLineSyntax(string line)
    {
        if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
        {
            return "not a <type>=<value> line";
        }

        foreach (var c in line)
        {
            if (c < ' ' && c != '\t')
            {
                return "control character in line";
            }
        }

        return null;
    }

    private static string? ParseSessionLine(char type, string value, SessionDescription description, ParseState state)
    {
        switch (type)
        {
            case 'v':
                return "repeated v= line";
            case 'o':
                state.SawOrigin = true;
                return ParseOrigin(value, description);
            case 's':
                state.SawSessionName = true;
                description.SessionName = value.Length == 0 ? "-" : value;
                return null;
            case 'c':
                description.Connection = value;
                return null;
            case 't':
                description.Timing = value;
                return null;
            case 'a':
                return ParseSessionAttribute(value, description, state);
            default:
                // RFC 8866 §5: i, u, e, p, b, r, z, k are legal here; unknown types are ignored.
                description.OtherLines.Add(type + "=" + value);
                return null;
        }
    }

    private static string? ParseOrigin(string value, SessionDescription description)
    {
        var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != OriginFieldCount || fields[3] != "IN")
        {
            return "o= needs <username> <sess-id> <sess-version> IN <addrtype> <address>";
        }

        if (!fields[1].All(char.IsAsciiDigit) || !fields[2].All(char.IsAsciiDigit))
        {
            return "o= sess-id and sess-version must be decimal";
        }

        description.OriginUsername = fields[0];
        description.SessionId = fields[1];
        description.SessionVersion = fields[2];
        description.OriginAddressType = fields[4];
        description.OriginAddress = fields[5];
        return null;
    }

    private static string? ParseSessionAttribute(string attribute, SessionDescription description, ParseState state)
    {
        var (name, value) = SdpTokens.SplitFirst(attribute, ':');
        switch (name)
        {
            case SdpAttributeNames.Group when value.StartsWith(SdpAttributeNames.BundleSemantics + " ", StringComparison.Ordinal)
                                             && description.BundleMids.Count == 0:
                description.BundleMids = [.. value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)];
                return description.BundleMids.All(SdpTokens.IsToken) ? null : "bad BUNDLE mid";
            case SdpAttributeNames.IceLite:
                description.IceLite = true;
                return null;
            case SdpAttributeNames.IceUfrag:
                description.IceUfrag = value;
                return SdpTokens.IsToken(value) ? null : "bad ice-ufrag";
            case SdpAttributeNames.IcePwd:
                description.IcePwd = value;
                return SdpTokens.IsToken(value) ? null : "bad ice-pwd";
            case SdpAttributeNames.Fingerprint:
                description.Fingerprint = SdpMediaAttributeParser.ParseFingerprint(value);
                return description.Fingerprint is null ? "bad fingerprint" : null;
            case SdpAttributeNames.Setup:
                description.Setup = value;
                return SdpTokens.IsToken(value) ? null : "bad setup";
            default:
                // RFC 8866 §6.7: a session-level direction is the default for every media section.
                if (MediaDirections.TryParse(attribute, out var direction))
                {
                    state.SessionDirection = direction;
                }

                description.OtherAttributes.Add(attribute);
                return null;
        }
    }

    private static string? ParseMediaLine(string value, MediaDescription media)
    {
        // m=<media> <port>[/<number of ports>] <proto> <fmt> ...   (RFC 8866 §5.14)
        var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4)
        {
            return "m= needs <media> <port> <proto> and at least one <fmt>";
        }

        media.KindName = fields[0];
        media.Kind = fields[0] switch
        {
            "audio" => MediaKind.Audio,
            "video" => MediaKind.Video,
            _ => MediaKind.Application,
        };

        var port = SdpTokens.SplitFirst(fields[1], '/').Head;
        if (!SdpTokens.TryParseInt(port, out var portNumber) || portNumber > ushort.MaxValue)
        {
            return "bad m= port";
        }

        media.Port = portNumber;
        media.Protocol = fields[2];
        media.Formats = [.. fields.Skip(3)];
        var isRtp = media.Protocol.Contains("RTP", StringComparison.Ordinal);
        if (isRtp && !media.Formats.All(f => SdpTokens.TryParsePayloadType(f, out _)))
        {
            return "RTP m= format is not a payload type";
        }

        return null;
    }

    private static string? ParseMediaLevelLine(char type, string value, MediaDescription media, SdpMediaAttributeParser parser)
    {
        switch (type)
        {
            case 'a':
                return parser.ParseAttribute(value);
            case 'c':
                media.Connection = value;
                return null;
            case 'b':
                media.Bandwidths.Add(value);
                return null;
            case 'i' or 'k':
                return null;
            default:
                return $"'{type}=' line is not allowed in a media section";
        }
    }

    private sealed class ParseState
    {
        internal bool SawVersion;
        internal bool SawOrigin;
        internal bool SawSessionName;
        internal MediaDirection SessionDirection = MediaDirection.SendRecv;
    }
}
