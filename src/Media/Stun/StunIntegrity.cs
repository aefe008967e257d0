using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace OctoMesh.Media.Stun;

/// <summary>
/// MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to, not including, the
/// MESSAGE-INTEGRITY attribute, computed as if the header's length field ended right after it
/// (so a FINGERPRINT that follows does not count).
/// </summary>
public static class StunIntegrity
{
    /// <summary>Messages up to this size are hashed from a stack copy; larger ones from a pooled array.</summary>
    private const int StackCopyLimit = 512;

    private const int IntegrityAttributeSize = StunConstants.AttributeHeaderSize + StunConstants.MessageIntegritySize;

    /// <summary>
    /// The short-term credential key (RFC 8489 §9.1.1): the password processed with OpaqueString
    /// (RFC 8265). ICE passwords are ice-chars (RFC 8839 §5.4), all ASCII, for which that profile
    /// is the identity, so the key is the password's UTF-8 bytes.
    /// </summary>
    public static byte[] ShortTermKey(string password) => Encoding.UTF8.GetBytes(password);

    /// <summary>Finds MESSAGE-INTEGRITY in <paramref name="message"/> and checks it; false if absent, badly framed or wrong.</summary>
    public static bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> key) =>
        StunReader.TryParse(message, out var view) == StunParseStatus.Ok && view.VerifyMessageIntegrity(key);

    /// <summary>Checks the MESSAGE-INTEGRITY whose attribute header is at <paramref name="integrityOffset"/>.</summary>
    internal static bool Verify(ReadOnlySpan<byte> message, int integrityOffset, ReadOnlySpan<byte> key)
    {
        if (integrityOffset < StunConstants.HeaderSize || message.Length - integrityOffset < IntegrityAttributeSize)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[StunConstants.MessageIntegritySize];
        Compute(message[..integrityOffset], key, expected);
        var carried = message.Slice(integrityOffset + StunConstants.AttributeHeaderSize, StunConstants.MessageIntegritySize);
        return CryptographicOperations.FixedTimeEquals(expected, carried);
    }

    /// <summary>
    /// HMAC-SHA1 of <paramref name="messageBeforeIntegrity"/> (header and attributes before
    /// MESSAGE-INTEGRITY) with the header length adjusted to end after MESSAGE-INTEGRITY.
    /// </summary>
    internal static void Compute(ReadOnlySpan<byte> messageBeforeIntegrity, ReadOnlySpan<byte> key, Span<byte> mac)
    {
        int length = messageBeforeIntegrity.Length;
        byte[]? rented = null;
        Span<byte> copy = length <= StackCopyLimit
            ? stackalloc byte[StackCopyLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        copy = copy[..length];
        try
        {
            messageBeforeIntegrity.CopyTo(copy);
            StunMessage.WriteBodyLength(copy, length - StunConstants.HeaderSize + IntegrityAttributeSize);
            HMACSHA1.HashData(key, copy, mac);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
