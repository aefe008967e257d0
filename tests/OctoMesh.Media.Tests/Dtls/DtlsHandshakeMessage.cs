using System.Buffers.Binary;

namespace OctoMesh.Media.Tests.Dtls;

/// <summary>
/// An unencrypted (epoch 0), unfragmented DTLS handshake message pulled out of captured datagrams,
/// so tests can check what went on the wire.
/// <code>
/// record (RFC 6347 §4.1):        type(1) version(2) epoch(2) seq(6) length(2) fragment
/// handshake (RFC 6347 §4.2.2):   msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3) body
/// </code>
/// </summary>
internal sealed record DtlsHandshakeMessage(byte Type, byte[] Body)
{
    public const byte ServerHelloType = 2;
    public const byte CertificateRequestType = 13;

    private const int RecordHeaderLength = 13;
    private const int HandshakeHeaderLength = 12;

    public static IEnumerable<DtlsHandshakeMessage> Parse(IEnumerable<byte[]> datagrams)
    {
        foreach (byte[] datagram in datagrams)
        {
            int offset = 0;
            while (offset + RecordHeaderLength <= datagram.Length)
            {
                int epoch = BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(offset + 3));
                int length = BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(offset + 11));
                int fragmentStart = offset + RecordHeaderLength;
                if (fragmentStart + length > datagram.Length)
                {
                    break;
                }

                if (datagram[offset] == DtlsRecordInspector.Handshake && epoch == 0)
                {
                    foreach (DtlsHandshakeMessage message in ParseFragment(datagram.AsSpan(fragmentStart, length).ToArray()))
                    {
                        yield return message;
                    }
                }

                offset = fragmentStart + length;
            }
        }
    }

    /// <summary>ServerHello (RFC 5246 §7.4.1.3): the selected cipher suite and extensions.</summary>
    public (int CipherSuite, Dictionary<int, byte[]> Extensions) ReadServerHello()
    {
        int offset = 2 + 32;
        offset += 1 + Body[offset];
        int cipherSuite = BinaryPrimitives.ReadUInt16BigEndian(Body.AsSpan(offset));
        offset += 2 + 1;
        return (cipherSuite, ReadExtensions(offset));
    }

    private Dictionary<int, byte[]> ReadExtensions(int offset)
    {
        var extensions = new Dictionary<int, byte[]>();
        if (offset + 2 > Body.Length)
        {
            return extensions;
        }

        int end = offset + 2 + BinaryPrimitives.ReadUInt16BigEndian(Body.AsSpan(offset));
        offset += 2;
        while (offset + 4 <= end)
        {
            int type = BinaryPrimitives.ReadUInt16BigEndian(Body.AsSpan(offset));
            int length = BinaryPrimitives.ReadUInt16BigEndian(Body.AsSpan(offset + 2));
            extensions[type] = Body.AsSpan(offset + 4, length).ToArray();
            offset += 4 + length;
        }

        return extensions;
    }

    private static IEnumerable<DtlsHandshakeMessage> ParseFragment(byte[] fragment)
    {
        int offset = 0;
        while (offset + HandshakeHeaderLength <= fragment.Length)
        {
            byte type = fragment[offset];
            int fragmentOffset = ReadUInt24(fragment, offset + 6);
            int fragmentLength = ReadUInt24(fragment, offset + 9);
            int bodyStart = offset + HandshakeHeaderLength;
            if (bodyStart + fragmentLength > fragment.Length)
            {
                yield break;
            }

            if (fragmentOffset == 0 && fragmentLength == ReadUInt24(fragment, offset + 1))
            {
                yield return new DtlsHandshakeMessage(type, fragment.AsSpan(bodyStart, fragmentLength).ToArray());
            }

            offset = bodyStart + fragmentLength;
        }
    }

    private static int ReadUInt24(byte[] buffer, int offset) => (buffer[offset] << 16) | (buffer[offset + 1] << 8) | buffer[offset + 2];
}
