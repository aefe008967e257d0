using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace OctoMesh.Media.Stun;

/// <summary>
/// Builds one STUN message into a caller-supplied buffer: <see cref="Begin(ushort, ReadOnlySpan{byte})"/>,
/// then attributes in wire order, then optionally <see cref="AddMessageIntegrity"/> and
/// <see cref="AddFingerprint"/> last (RFC 8489 §14.5, §14.7). The header length is kept current after
/// every attribute. A destination too small is a programming error (size it from the attributes you
/// add; 128 bytes covers every ICE check and response) and throws.
/// </summary>
public ref struct StunWriter
{
    private readonly Span<byte> _destination;
    private int _length;

    /// <summary>Writes into <paramref name="destination"/>, starting at its first byte.</summary>
    public StunWriter(Span<byte> destination)
    {
        _destination = destination;
        _length = 0;
        PaddingByte = 0;
    }

    /// <summary>Bytes written so far: the whole message once the last attribute is added.</summary>
    public readonly int Length => _length;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> WrittenBytes => _destination[.._length];

    /// <summary>
    /// Value of padding bytes. RFC 8489 §14 says to send zeros; RFC 5389 allowed anything and the
    /// RFC 5769 vectors pad with spaces, so tests set this to reproduce them byte for byte.
    /// </summary>
    internal byte PaddingByte { get; set; }

    /// <summary>Starts a message: type, zero length, magic cookie, transaction id.</summary>
    public void Begin(ushort messageType, scoped ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunConstants.TransactionIdSize)
        {
            throw new ArgumentException("A transaction id is 12 bytes.", nameof(transactionId));
        }

        EnsureCapacity(StunConstants.HeaderSize);
        BinaryPrimitives.WriteUInt16BigEndian(_destination, messageType);
        BinaryPrimitives.WriteUInt16BigEndian(_destination[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(_destination[4..], StunConstants.MagicCookie);
        transactionId.CopyTo(_destination[StunMessage.TransactionIdOffset..]);
        _length = StunConstants.HeaderSize;
    }

    /// <summary>Starts a message with a held transaction id.</summary>
    public void Begin(ushort messageType, StunTransactionId transactionId)
    {
        Span<byte> bytes = stackalloc byte[StunConstants.TransactionIdSize];
        transactionId.WriteTo(bytes);
        Begin(messageType, bytes);
    }

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2), IPv4 or IPv6; IPv4-mapped IPv6 is written as IPv4.</summary>
    public void AddXorMappedAddress(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var value = AppendAttribute(StunConstants.XorMappedAddress, StunXorAddress.ValueLength(endpoint));
        StunXorAddress.Write(value, endpoint, _destination[..StunConstants.HeaderSize]);
    }

    /// <summary>USERNAME (RFC 8489 §14.3) from UTF-8 bytes.</summary>
    public void AddUsername(scoped ReadOnlySpan<byte> username)
    {
        if (username.Length > StunConstants.MaxUsernameLength)
        {
            throw new ArgumentException("USERNAME must be fewer than 509 bytes.", nameof(username));
        }

        AddAttribute(StunConstants.Username, username);
    }

    /// <summary>USERNAME (RFC 8489 §14.3); RFC 8445 §7.2.2 forms it as "RFRAG:LFRAG".</summary>
    public void AddUsername(string username)
    {
        int byteCount = Encoding.UTF8.GetByteCount(username);
        if (byteCount > StunConstants.MaxUsernameLength)
        {
            throw new ArgumentException("USERNAME must be fewer than 509 bytes.", nameof(username));
        }

        Encoding.UTF8.GetBytes(username, AppendAttribute(StunConstants.Username, byteCount));
    }

    /// <summary>SOFTWARE (RFC 8489 §14.14).</summary>
    public void AddSoftware(string software) =>
        Encoding.UTF8.GetBytes(software, AppendAttribute(StunConstants.Software, Encoding.UTF8.GetByteCount(software)));

    /// <summary>PRIORITY (RFC 8445 §7.1.1).</summary>
    public void AddPriority(uint priority) =>
        BinaryPrimitives.WriteUInt32BigEndian(AppendAttribute(StunConstants.Priority, StunConstants.PrioritySize), priority);

    /// <summary>USE-CANDIDATE (RFC 8445 §7.1.2): no value.</summary>
    public void AddUseCandidate() => AppendAttribute(StunConstants.UseCandidate, 0);

    /// <summary>ICE-CONTROLLING with the sender's tie-breaker (RFC 8445 §7.1.3).</summary>
    public void AddIceControlling(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(AppendAttribute(StunConstants.IceControlling, StunConstants.TieBreakerSize), tieBreaker);

    /// <summary>ICE-CONTROLLED with the sender's tie-breaker (RFC 8445 §7.1.3).</summary>
    public void AddIceControlled(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(AppendAttribute(StunConstants.IceControlled, StunConstants.TieBreakerSize), tieBreaker);

    /// <summary>ERROR-CODE (RFC 8489 §14.8): <paramref name="code"/> in 300..699 and a short reason phrase.</summary>
    public void AddErrorCode(int code, string reason)
    {
        if (!StunErrorCode.IsValidCode(code))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "STUN error codes are 300..699.");
        }

        int valueLength = StunErrorCode.ValueLength(reason);
        if (valueLength - StunErrorCode.HeaderSize > StunConstants.MaxErrorReasonLength)
        {
            throw new ArgumentException("Reason phrase too long.", nameof(reason));
        }

        StunErrorCode.Write(AppendAttribute(StunConstants.ErrorCode, valueLength), code, reason);
    }

    /// <summary>Any attribute, value copied as given.</summary>
    public void AddAttribute(ushort attributeType, scoped ReadOnlySpan<byte> value) =>
        value.CopyTo(AppendAttribute(attributeType, value.Length));

    /// <summary>
    /// MESSAGE-INTEGRITY (RFC 8489 §14.5) keyed with <paramref name="key"/> (for ICE: the short-term
    /// key of the password, <see cref="StunIntegrity.ShortTermKey"/>). Only FINGERPRINT may follow.
    /// </summary>
    public void AddMessageIntegrity(scoped ReadOnlySpan<byte> key)
    {
        int integrityOffset = _length;
        var mac = AppendAttribute(StunConstants.MessageIntegrity, StunConstants.MessageIntegritySize);
        StunIntegrity.Compute(_destination[..integrityOffset], key, mac);
    }

    /// <summary>FINGERPRINT (RFC 8489 §14.7); always the last attribute.</summary>
    public void AddFingerprint()
    {
        int fingerprintOffset = _length;
        var value = AppendAttribute(StunConstants.Fingerprint, StunConstants.FingerprintSize);
        BinaryPrimitives.WriteUInt32BigEndian(value, StunFingerprint.Compute(_destination[..fingerprintOffset]));
    }

    /// <summary>Writes the TLV header and padding, updates the message length, returns the value to fill.</summary>
    private Span<byte> AppendAttribute(ushort attributeType, int valueLength)
    {
        if (_length < StunConstants.HeaderSize)
        {
            throw new InvalidOperationException("Call Begin before adding attributes.");
        }

        int paddedLength = StunMessage.PaddedLength(valueLength);
        EnsureCapacity(_length + StunConstants.AttributeHeaderSize + paddedLength);
        var attribute = _destination[_length..];
        BinaryPrimitives.WriteUInt16BigEndian(attribute, attributeType);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], checked((ushort)valueLength));
        var value = attribute.Slice(StunConstants.AttributeHeaderSize, valueLength);
        attribute.Slice(StunConstants.AttributeHeaderSize + valueLength, paddedLength - valueLength).Fill(PaddingByte);
        _length += StunConstants.AttributeHeaderSize + paddedLength;
        StunMessage.WriteBodyLength(_destination, _length - StunConstants.HeaderSize);
        return value;
    }

    private readonly void EnsureCapacity(int required)
    {
        if (required > _destination.Length)
        {
            throw new ArgumentException($"STUN message needs {required} bytes; the destination holds {_destination.Length}.");
        }
    }
}
