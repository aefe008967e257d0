namespace OctoMesh.Media.Stun;

/// <summary>
/// CRC-32 as used by ISO 3309 / ITU-T V.42 / Ethernet (reflected polynomial 0xEDB88320),
/// the checksum RFC 8489 §14.7 builds FINGERPRINT on. Table driven, one byte per step:
/// STUN messages are small and System.IO.Hashing is not referenced.
/// </summary>
internal static class Crc32
{
    private const uint ReflectedPolynomial = 0xEDB88320;
    private const uint InitialValue = 0xFFFFFFFF;
    private const uint FinalXor = 0xFFFFFFFF;

    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var table = Table;
        uint crc = InitialValue;
        foreach (byte value in data)
        {
            crc = table[(byte)(crc ^ value)] ^ (crc >> 8);
        }

        return crc ^ FinalXor;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint index = 0; index < table.Length; index++)
        {
            uint entry = index;
            for (int bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? (entry >> 1) ^ ReflectedPolynomial : entry >> 1;
            }

            table[index] = entry;
        }

        return table;
    }
}
