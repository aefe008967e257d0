using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OctoMesh.Bridge.Mesh;

/// <summary>
/// The 64-bit conference id every bridge derives from a room name on its own (the first 8 bytes
/// of SHA-256 of the UTF-8 name), so relay frames need no coordination to name a room.
/// </summary>
public static class ConferenceIds
{
    public static ulong For(string roomName)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(roomName), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
