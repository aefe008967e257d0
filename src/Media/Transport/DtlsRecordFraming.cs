using System.Buffers.Binary;

namespace OctoMesh.Media.Transport;

/// <summary>
/// Checks that a datagram in the DTLS range (RFC 7983) is a sequence of whole DTLS records before it is
/// queued for the handshake thread. BouncyCastle discards a malformed record silently, so without this
/// check garbage from a bound 5-tuple would be dropped without being counted.
/// <code>
/// RFC 6347 §4.1 (DTLSPlaintext / DTLSCiphertext header, 13 bytes):
///  +--------+--------+--------+--------+--------+ ... +--------+--------+--------+
///  |  type  | version (254.x) |  epoch          | sequence_number (48) | length  | fragment ...
///  +--------+--------+--------+--------+--------+ ... +--------+--------+--------+
/// </code>
/// </summary>
public static class DtlsRecordFraming
{
    /// <summary>Record header size: type (1), version (2), epoch (2), sequence number (6), length (2).</summary>
    public const int RecordHeaderSize = 13;

    private const byte DtlsMajorVersion = 0xFE;
    private const int LengthOffset = 11;

    /// <summary>True when <paramref name="datagram"/> holds one or more complete DTLS records and nothing else.</summary>
    public static bool IsWellFramed(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < RecordHeaderSize)
        {
            return false;
        }

        while (!datagram.IsEmpty)
        {
            if (datagram.Length < RecordHeaderSize || datagram[1] != DtlsMajorVersion)
            {
                return false;
            }

            var recordLength = RecordHeaderSize + BinaryPrimitives.ReadUInt16BigEndian(datagram[LengthOffset..]);
            if (recordLength > datagram.Length)
            {
                return false;
            }

            datagram = datagram[recordLength..];
        }

        return true;
    }
}
