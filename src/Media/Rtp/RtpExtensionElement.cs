namespace OctoMesh.Media.Rtp;

/// <summary>
/// One RFC 8285 header extension element: its local id and where its value lies in the packet
/// (offsets are absolute, so <c>packet.Slice(ValueOffset, ValueLength)</c> is the value).
/// </summary>
public readonly record struct RtpExtensionElement(int Id, int ValueOffset, int ValueLength)
{
    /// <summary>The element's value bytes inside <paramref name="packet"/>.</summary>
    public ReadOnlySpan<byte> GetValue(ReadOnlySpan<byte> packet) => packet.Slice(ValueOffset, ValueLength);
}
