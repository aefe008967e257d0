namespace OctoMesh.Media.Tests.Dtls;

/// <summary>
/// Reads the first record header of a DTLS datagram (RFC 6347 §4.1) so tests can drop chosen flights.
/// <code>
/// 0: ContentType type; 1-2: ProtocolVersion; 3-4: uint16 epoch; 5-10: uint48 sequence_number;
/// 11-12: uint16 length; 13: fragment (handshake: 1-byte msg_type first)
/// </code>
/// </summary>
internal static class DtlsRecordInspector
{
    public const byte ChangeCipherSpec = 20;
    public const byte Alert = 21;
    public const byte Handshake = 22;
    public const byte ClientHello = 1;

    private const int HeaderLength = 13;

    public static byte ContentType(byte[] datagram) => datagram.Length > 0 ? datagram[0] : (byte)0;

    public static int Epoch(byte[] datagram) => datagram.Length >= HeaderLength ? (datagram[3] << 8) | datagram[4] : -1;

    public static bool IsClientHello(byte[] datagram) =>
        datagram.Length > HeaderLength && datagram[0] == Handshake && Epoch(datagram) == 0 && datagram[HeaderLength] == ClientHello;

    /// <summary>The final flight of a full handshake: ChangeCipherSpec, or anything in epoch 1.</summary>
    public static bool IsFinalFlight(byte[] datagram) =>
        ContentType(datagram) == ChangeCipherSpec || (ContentType(datagram) == Handshake && Epoch(datagram) == 1);
}
