namespace OctoMesh.Media.Stun;

/// <summary>
/// Wire constants of STUN (RFC 8489) and the ICE attributes it carries (RFC 8445 §16.1).
/// Message types and attribute types share this class because both are 16-bit code points
/// read from the same header; their names do not collide.
/// </summary>
public static class StunConstants
{
    /// <summary>RFC 8489 §5: fixed value in bytes 4..7 of every STUN message.</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>RFC 8489 §5: type (2) + length (2) + magic cookie (4) + transaction id (12).</summary>
    public const int HeaderSize = 20;

    /// <summary>RFC 8489 §5: 96-bit transaction id.</summary>
    public const int TransactionIdSize = 12;

    /// <summary>RFC 8489 §14: attribute type (2) + value length (2).</summary>
    public const int AttributeHeaderSize = 4;

    /// <summary>RFC 8489 §14: attribute values are padded to a multiple of four bytes.</summary>
    public const int AttributeAlignment = 4;

    /// <summary>RFC 8489 §14.5: MESSAGE-INTEGRITY carries a 20-byte HMAC-SHA1.</summary>
    public const int MessageIntegritySize = 20;

    /// <summary>RFC 8489 §14.7: FINGERPRINT carries a 32-bit CRC.</summary>
    public const int FingerprintSize = 4;

    /// <summary>RFC 8489 §14.7: the CRC-32 is XOR-ed with this value ("STUN" in ASCII).</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>RFC 8445 §16.1: PRIORITY is a 32-bit value.</summary>
    public const int PrioritySize = 4;

    /// <summary>RFC 8445 §16.1: ICE-CONTROLLING / ICE-CONTROLLED carry a 64-bit tie-breaker.</summary>
    public const int TieBreakerSize = 8;

    /// <summary>RFC 8489 §14.3: USERNAME is fewer than 509 bytes.</summary>
    public const int MaxUsernameLength = 508;

    /// <summary>RFC 8489 §14.8: the ERROR-CODE reason phrase is fewer than 128 characters (763 bytes).</summary>
    public const int MaxErrorReasonLength = 763;

    // RFC 8489 §5: the class bits C1 (0x0100) and C0 (0x0010) are interleaved with the method bits.

    /// <summary>Mask of the two class bits inside the message type.</summary>
    public const ushort MessageClassMask = 0x0110;

    /// <summary>Class bits of a request.</summary>
    public const ushort RequestClass = 0x0000;

    /// <summary>Class bits of an indication.</summary>
    public const ushort IndicationClass = 0x0010;

    /// <summary>Class bits of a success response.</summary>
    public const ushort SuccessResponseClass = 0x0100;

    /// <summary>Class bits of an error response.</summary>
    public const ushort ErrorResponseClass = 0x0110;

    /// <summary>Binding request (RFC 8489 §18.2).</summary>
    public const ushort BindingRequest = 0x0001;

    /// <summary>Binding success response.</summary>
    public const ushort BindingSuccess = 0x0101;

    /// <summary>Binding error response.</summary>
    public const ushort BindingError = 0x0111;

    /// <summary>Binding indication.</summary>
    public const ushort BindingIndication = 0x0011;

    /// <summary>MAPPED-ADDRESS (RFC 8489 §14.1).</summary>
    public const ushort MappedAddress = 0x0001;

    /// <summary>USERNAME (RFC 8489 §14.3).</summary>
    public const ushort Username = 0x0006;

    /// <summary>MESSAGE-INTEGRITY (RFC 8489 §14.5).</summary>
    public const ushort MessageIntegrity = 0x0008;

    /// <summary>ERROR-CODE (RFC 8489 §14.8).</summary>
    public const ushort ErrorCode = 0x0009;

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 §14.13).</summary>
    public const ushort UnknownAttributes = 0x000A;

    /// <summary>REALM (RFC 8489 §14.9).</summary>
    public const ushort Realm = 0x0014;

    /// <summary>NONCE (RFC 8489 §14.10).</summary>
    public const ushort Nonce = 0x0015;

    /// <summary>MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6).</summary>
    public const ushort MessageIntegritySha256 = 0x001C;

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2).</summary>
    public const ushort XorMappedAddress = 0x0020;

    /// <summary>PRIORITY (RFC 8445 §7.1.1).</summary>
    public const ushort Priority = 0x0024;

    /// <summary>USE-CANDIDATE (RFC 8445 §7.1.2).</summary>
    public const ushort UseCandidate = 0x0025;

    /// <summary>SOFTWARE (RFC 8489 §14.14).</summary>
    public const ushort Software = 0x8022;

    /// <summary>FINGERPRINT (RFC 8489 §14.7).</summary>
    public const ushort Fingerprint = 0x8028;

    /// <summary>ICE-CONTROLLED (RFC 8445 §7.1.3).</summary>
    public const ushort IceControlled = 0x8029;

    /// <summary>ICE-CONTROLLING (RFC 8445 §7.1.3).</summary>
    public const ushort IceControlling = 0x802A;

    /// <summary>RFC 8489 §14.2: address family of an IPv4 (XOR-)MAPPED-ADDRESS.</summary>
    public const byte AddressFamilyIPv4 = 0x01;

    /// <summary>RFC 8489 §14.2: address family of an IPv6 (XOR-)MAPPED-ADDRESS.</summary>
    public const byte AddressFamilyIPv6 = 0x02;

    /// <summary>Error code 400 Bad Request (RFC 8489 §14.8).</summary>
    public const int ErrorBadRequest = 400;

    /// <summary>Error code 401 Unauthorized (RFC 8489 §14.8).</summary>
    public const int ErrorUnauthorized = 401;

    /// <summary>Error code 487 Role Conflict (RFC 8445 §7.3.1.1).</summary>
    public const int ErrorRoleConflict = 487;
}
