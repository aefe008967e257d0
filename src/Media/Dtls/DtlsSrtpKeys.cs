using OctoMesh.Media.Srtp;

namespace OctoMesh.Media.Dtls;

/// <summary>
/// SRTP master keys and salts exported from a DTLS-SRTP handshake (RFC 5764 §4.2). The client
/// protects with the client write key and salt; the server protects with the server ones. The bridge
/// (a DTLS server) therefore encrypts with <see cref="ServerWriteKey"/> and decrypts with
/// <see cref="ClientWriteKey"/>.
/// </summary>
/// <param name="Profile">The negotiated protection profile.</param>
/// <param name="ClientWriteKey">SRTP master key of the DTLS client's outgoing direction.</param>
/// <param name="ClientWriteSalt">SRTP master salt of the DTLS client's outgoing direction.</param>
/// <param name="ServerWriteKey">SRTP master key of the DTLS server's outgoing direction.</param>
/// <param name="ServerWriteSalt">SRTP master salt of the DTLS server's outgoing direction.</param>
public sealed record DtlsSrtpKeys(
    SrtpProfile Profile,
    byte[] ClientWriteKey,
    byte[] ClientWriteSalt,
    byte[] ServerWriteKey,
    byte[] ServerWriteSalt);
