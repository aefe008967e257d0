namespace OctoMesh.Media.Dtls;

/// <summary>
/// The one outcome of a <see cref="DtlsTransport"/> handshake: SRTP keys on success, otherwise a
/// reason the caller can count and a human-readable detail for the log.
/// </summary>
/// <param name="Succeeded">True when the handshake completed and <paramref name="Keys"/> is set.</param>
/// <param name="Keys">The exported SRTP master keys and salts, or null on failure.</param>
/// <param name="Reason"><see cref="DtlsFailureReason.None"/> on success.</param>
/// <param name="Detail">What went wrong, for logs; null on success.</param>
public sealed record DtlsHandshakeResult(bool Succeeded, DtlsSrtpKeys? Keys, DtlsFailureReason Reason, string? Detail)
{
    internal static DtlsHandshakeResult Success(DtlsSrtpKeys keys) => new(true, keys, DtlsFailureReason.None, null);

    internal static DtlsHandshakeResult Failure(DtlsFailureReason reason, string detail) => new(false, null, reason, detail);
}
