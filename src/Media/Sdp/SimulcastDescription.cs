namespace OctoMesh.Media.Sdp;

/// <summary>
/// "a=simulcast:send h;m;l recv x" (RFC 8853 §5.1). Each stream is a list of alternative rids
/// ("a,b" = either a or b); streams are separated by ";". A "~" prefix marks a paused rid.
/// </summary>
public sealed class SimulcastDescription
{
    /// <summary>Streams the describing side sends, in the offerer's order of preference.</summary>
    public List<List<SimulcastRid>> Send { get; set; } = [];

    /// <summary>Streams the describing side receives.</summary>
    public List<List<SimulcastRid>> Recv { get; set; } = [];

    /// <summary>Every send-side rid id (first alternative of each stream first).</summary>
    public IEnumerable<string> SendRidIds => Send.SelectMany(stream => stream).Select(rid => rid.Id);

    /// <summary>Every receive-side rid id.</summary>
    public IEnumerable<string> RecvRidIds => Recv.SelectMany(stream => stream).Select(rid => rid.Id);

    /// <summary>Parses the attribute value after "a=simulcast:"; null when malformed.</summary>
    public static SimulcastDescription? TryParse(string value)
    {
        var tokens = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length is not (2 or 4))
        {
            return null;
        }

        var description = new SimulcastDescription();
        for (var i = 0; i < tokens.Length; i += 2)
        {
            var streams = ParseStreamList(tokens[i + 1]);
            if (streams is null)
            {
                return null;
            }

            switch (tokens[i])
            {
                case "send" when description.Send.Count == 0:
                    description.Send = streams;
                    break;
                case "recv" when description.Recv.Count == 0:
                    description.Recv = streams;
                    break;
                default:
                    return null;
            }
        }

        return description;
    }

    /// <summary>The attribute value, e.g. "send h;m;l" or "recv a,b;~c".</summary>
    public override string ToString()
    {
        var parts = new List<string>(2);
        if (Send.Count > 0)
        {
            parts.Add("send " + FormatStreamList(Send));
        }

        if (Recv.Count > 0)
        {
            parts.Add("recv " + FormatStreamList(Recv));
        }

        return string.Join(' ', parts);
    }

    private static List<List<SimulcastRid>>? ParseStreamList(string text)
    {
        // draft-ietf-mmusic-sdp-simulcast-14 and older (Firefox < 71) wrote "send rid=a;b".
        if (text.StartsWith("rid=", StringComparison.Ordinal))
        {
            text = text["rid=".Length..];
        }

        var streams = new List<List<SimulcastRid>>();
        foreach (var stream in text.Split(';'))
        {
            var alternatives = new List<SimulcastRid>();
            foreach (var alternative in stream.Split(','))
            {
                var paused = alternative.StartsWith('~');
                var id = paused ? alternative[1..] : alternative;
                if (!SdpTokens.IsRidId(id))
                {
                    return null;
                }

                alternatives.Add(new SimulcastRid(id, paused));
            }

            streams.Add(alternatives);
        }

        return streams;
    }

    private static string FormatStreamList(List<List<SimulcastRid>> streams) =>
        string.Join(';', streams.Select(stream => string.Join(',', stream)));
}
