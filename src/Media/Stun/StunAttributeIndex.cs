namespace OctoMesh.Media.Stun;

/// <summary>
/// Where the attributes the bridge cares about start inside one message (offset of the attribute
/// header; 0 means absent, since no attribute can start inside the 20-byte header). Filled once by
/// <see cref="StunReader"/> so lookups on a <see cref="StunMessageView"/> are O(1).
/// </summary>
internal struct StunAttributeIndex
{
    public int Username;
    public int Priority;
    public int UseCandidate;
    public int IceControlling;
    public int IceControlled;
    public int XorMappedAddress;
    public int ErrorCode;
    public int Software;
    public int MessageIntegrity;
    public int Fingerprint;

    /// <summary>First comprehension-required (type below 0x8000) attribute this parser does not know, or 0.</summary>
    public ushort FirstUnknownRequiredType;

    /// <summary>Records the first occurrence only (RFC 8489 §14: later duplicates are ignored).</summary>
    public static void RecordFirst(ref int slot, int attributeOffset)
    {
        if (slot == 0)
        {
            slot = attributeOffset;
        }
    }
}
