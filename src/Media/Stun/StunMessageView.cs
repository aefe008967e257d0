using System.Buffers.Binary;
using System.Net;

namespace OctoMesh.Media.Stun;

/// <summary>
/// A parsed STUN message over the caller's bytes: header fields and O(1) access to the attributes
/// ICE uses. Obtain one from <see cref="StunReader.TryParse"/>; it is only as valid as the span.
/// </summary>
public readonly ref struct StunMessageView
{
    private const int AbsentOffset = -1;
    private readonly StunAttributeIndex _index;

    internal StunMessageView(ReadOnlySpan<byte> message, StunAttributeIndex index)
    {
        Message = message;
        _index = index;
    }

    /// <summary>The whole message.</summary>
    public ReadOnlySpan<byte> Message { get; }

    /// <summary>Method and class bits (e.g. <see cref="StunConstants.BindingRequest"/>).</summary>
    public ushort MessageType => BinaryPrimitives.ReadUInt16BigEndian(Message);

    /// <summary>The class bits only (<see cref="StunConstants.RequestClass"/> etc.).</summary>
    public ushort MessageClass => (ushort)(MessageType & StunConstants.MessageClassMask);

    /// <summary>The 12-byte transaction id.</summary>
    public ReadOnlySpan<byte> TransactionId =>
        Message.Slice(StunMessage.TransactionIdOffset, StunConstants.TransactionIdSize);

    /// <summary>True when USE-CANDIDATE is present (RFC 8445 §7.1.2).</summary>
    public bool UseCandidate => _index.UseCandidate != 0;

    /// <summary>True when MESSAGE-INTEGRITY is present.</summary>
    public bool HasMessageIntegrity => _index.MessageIntegrity != 0;

    /// <summary>Offset of the MESSAGE-INTEGRITY attribute header, or -1.</summary>
    public int MessageIntegrityOffset => _index.MessageIntegrity != 0 ? _index.MessageIntegrity : AbsentOffset;

    /// <summary>True when FINGERPRINT is present (it is then the last attribute).</summary>
    public bool HasFingerprint => _index.Fingerprint != 0;

    /// <summary>Offset of the FINGERPRINT attribute header, or -1.</summary>
    public int FingerprintOffset => _index.Fingerprint != 0 ? _index.Fingerprint : AbsentOffset;

    /// <summary>A comprehension-required attribute type (below 0x8000) this parser does not know, or 0 (RFC 8489 §6.3.1 → 420).</summary>
    public ushort FirstUnknownComprehensionRequiredAttribute => _index.FirstUnknownRequiredType;

    /// <summary>USERNAME value bytes (RFC 8489 §14.3).</summary>
    public bool TryGetUsername(out ReadOnlySpan<byte> username) => TryGetValue(_index.Username, out username);

    /// <summary>SOFTWARE value bytes (RFC 8489 §14.14).</summary>
    public bool TryGetSoftware(out ReadOnlySpan<byte> software) => TryGetValue(_index.Software, out software);

    /// <summary>PRIORITY (RFC 8445 §7.1.1).</summary>
    public bool TryGetPriority(out uint priority) => TryGetUInt32(_index.Priority, out priority);

    /// <summary>The ICE-CONTROLLING tie-breaker (RFC 8445 §7.1.3).</summary>
    public bool TryGetIceControlling(out ulong tieBreaker) => TryGetUInt64(_index.IceControlling, out tieBreaker);

    /// <summary>The ICE-CONTROLLED tie-breaker (RFC 8445 §7.1.3).</summary>
    public bool TryGetIceControlled(out ulong tieBreaker) => TryGetUInt64(_index.IceControlled, out tieBreaker);

    /// <summary>The FINGERPRINT value as carried.</summary>
    public bool TryGetFingerprint(out uint fingerprint) => TryGetUInt32(_index.Fingerprint, out fingerprint);

    /// <summary>ERROR-CODE: the numeric code (300..699) and the UTF-8 reason phrase.</summary>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        return TryGetValue(_index.ErrorCode, out var value) && StunErrorCode.TryRead(value, out code, out reason);
    }

    /// <summary>XOR-MAPPED-ADDRESS decoded (allocates the endpoint; client side only, not the bridge's hot path).</summary>
    public bool TryGetXorMappedAddress(out IPEndPoint? endpoint)
    {
        endpoint = null;
        return TryGetValue(_index.XorMappedAddress, out var value)
            && StunXorAddress.TryRead(value, Message[..StunConstants.HeaderSize], out endpoint);
    }

    /// <summary>The first value of any attribute type, by walking the message (for types not indexed).</summary>
    public bool TryGetAttribute(ushort attributeType, out ReadOnlySpan<byte> value) =>
        StunMessage.TryFindAttribute(Message, attributeType, out value);

    /// <summary>Checks MESSAGE-INTEGRITY with <paramref name="key"/> (RFC 8489 §14.5); false when absent.</summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key) =>
        HasMessageIntegrity && StunIntegrity.Verify(Message, _index.MessageIntegrity, key);

    /// <summary>Checks FINGERPRINT (RFC 8489 §14.7); false when absent.</summary>
    public bool VerifyFingerprint() => HasFingerprint && StunFingerprint.Verify(Message);

    private bool TryGetValue(int attributeOffset, out ReadOnlySpan<byte> value)
    {
        if (attributeOffset == 0)
        {
            value = default;
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(Message[(attributeOffset + 2)..]);
        value = Message.Slice(attributeOffset + StunConstants.AttributeHeaderSize, length);
        return true;
    }

    private bool TryGetUInt32(int attributeOffset, out uint result)
    {
        bool found = TryGetValue(attributeOffset, out var value);
        result = found ? BinaryPrimitives.ReadUInt32BigEndian(value) : 0;
        return found;
    }

    private bool TryGetUInt64(int attributeOffset, out ulong result)
    {
        bool found = TryGetValue(attributeOffset, out var value);
        result = found ? BinaryPrimitives.ReadUInt64BigEndian(value) : 0;
        return found;
    }
}
