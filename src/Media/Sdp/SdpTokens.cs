using System.Globalization;

namespace OctoMesh.Media.Sdp;

/// <summary>Small lexical checks shared by the SDP parser and writer (RFC 8866 §9 grammar).</summary>
internal static class SdpTokens
{
    /// <summary>Highest RTP payload type (7 bits, RFC 3550 §5.1).</summary>
    internal const int MaxPayloadType = 127;

    /// <summary>Highest header extension id: 1-14 one-byte form, up to 255 two-byte form (RFC 8285 §4).</summary>
    internal const int MaxExtensionId = 255;

    /// <summary>RFC 8851 §10: rid-id = 1*(alpha-numeric / "-" / "_"); bounded to keep hostile input small.</summary>
    internal const int MaxRidLength = 64;

    /// <summary>A non-negative decimal integer with no sign, spaces or leading "+".</summary>
    internal static bool TryParseInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>A 32-bit unsigned decimal, as SSRCs are written (RFC 5576 §4.1).</summary>
    internal static bool TryParseUInt(string text, out uint value) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>A payload type in 0..127.</summary>
    internal static bool TryParsePayloadType(string text, out int payloadType) =>
        TryParseInt(text, out payloadType) && payloadType <= MaxPayloadType;

    /// <summary>RFC 8851 §10 rid-id syntax.</summary>
    internal static bool IsRidId(string id)
    {
        if (id.Length is 0 or > MaxRidLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An SDP "token" (RFC 8866 §9): visible ASCII without separators; used for mids, ufrags, names.</summary>
    internal static bool IsToken(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c <= ' ' || c >= 0x7f)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Splits at the first occurrence of <paramref name="separator"/>; the rest is empty when absent.</summary>
    internal static (string Head, string Tail) SplitFirst(string text, char separator)
    {
        var index = text.IndexOf(separator);
        return index < 0 ? (text, string.Empty) : (text[..index], text[(index + 1)..]);
    }

    /// <summary>Decimal formatting that never depends on the current culture.</summary>
    internal static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
