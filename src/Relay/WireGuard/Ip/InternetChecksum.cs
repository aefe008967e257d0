using System.Buffers.Binary;

namespace OctoMesh.Relay.WireGuard.Ip;

/// <summary>The RFC 1071 Internet checksum: the ones' complement of the ones' complement sum of 16-bit words.</summary>
internal static class InternetChecksum
{
    /// <summary>Checksum of <paramref name="data"/> plus a pre-summed <paramref name="initialSum"/> (a pseudo-header).
    /// Over data that already holds a correct checksum the result is 0.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data, uint initialSum)
    {
        ulong sum = initialSum;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }
        if (i < data.Length)
        {
            sum += (uint)data[i] << 8;
        }
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }
}
