using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace OctoMesh.Media.Stun;

/// <summary>
/// XOR-MAPPED-ADDRESS value (RFC 8489 §14.2):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                X-Address (Variable)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// X-Port is the port XOR the top 16 bits of the magic cookie; an IPv4 X-Address is XOR the cookie,
/// an IPv6 one XOR the cookie followed by the transaction id — i.e. XOR bytes 4..19 of the header.
/// </summary>
internal static class StunXorAddress
{
    public const int IPv4ValueLength = 8;
    public const int IPv6ValueLength = 20;
    private const int FamilyOffset = 1;
    private const int PortOffset = 2;
    private const int AddressOffset = 4;
    private const int IPv4AddressSize = 4;
    private const int IPv6AddressSize = 16;
    private const int XorKeyOffset = 4;
    private const ushort PortXor = (ushort)(StunConstants.MagicCookie >> 16);

    /// <summary>Value length for <paramref name="endpoint"/>; IPv4-mapped IPv6 is written as IPv4.</summary>
    public static int ValueLength(IPEndPoint endpoint) =>
        IsIPv4(endpoint.Address) ? IPv4ValueLength : IPv6ValueLength;

    /// <summary>Writes the value; <paramref name="header"/> is the message header (cookie and transaction id).</summary>
    public static void Write(Span<byte> value, IPEndPoint endpoint, ReadOnlySpan<byte> header)
    {
        var address = endpoint.Address;
        bool isIPv4 = IsIPv4(address);
        if (isIPv4 && address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // A dual-mode socket reports IPv4 peers as ::ffff:a.b.c.d; the browser sent from a.b.c.d.
            address = address.MapToIPv4();
        }

        value[0] = 0;
        value[FamilyOffset] = isIPv4 ? StunConstants.AddressFamilyIPv4 : StunConstants.AddressFamilyIPv6;
        BinaryPrimitives.WriteUInt16BigEndian(value[PortOffset..], (ushort)(endpoint.Port ^ PortXor));
        var addressBytes = value.Slice(AddressOffset, isIPv4 ? IPv4AddressSize : IPv6AddressSize);
        address.TryWriteBytes(addressBytes, out _);
        var key = header.Slice(XorKeyOffset, addressBytes.Length);
        for (int i = 0; i < addressBytes.Length; i++)
        {
            addressBytes[i] ^= key[i];
        }
    }

    /// <summary>Decodes a value; false on an unknown family or a wrong length.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, ReadOnlySpan<byte> header, out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (value.Length < AddressOffset)
        {
            return false;
        }

        int addressSize = value[FamilyOffset] switch
        {
            StunConstants.AddressFamilyIPv4 => IPv4AddressSize,
            StunConstants.AddressFamilyIPv6 => IPv6AddressSize,
            _ => 0,
        };
        if (addressSize == 0 || value.Length != AddressOffset + addressSize)
        {
            return false;
        }

        int port = BinaryPrimitives.ReadUInt16BigEndian(value[PortOffset..]) ^ PortXor;
        Span<byte> addressBytes = stackalloc byte[addressSize];
        var key = header.Slice(XorKeyOffset, addressSize);
        for (int i = 0; i < addressSize; i++)
        {
            addressBytes[i] = (byte)(value[AddressOffset + i] ^ key[i]);
        }

        endpoint = new IPEndPoint(new IPAddress(addressBytes), port);
        return true;
    }

    private static bool IsIPv4(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6;
}
