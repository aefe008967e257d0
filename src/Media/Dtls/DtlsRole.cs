namespace OctoMesh.Media.Dtls;

/// <summary>
/// Which side of the DTLS handshake this endpoint plays. Towards browsers the bridge is always the
/// server (it answers with <c>a=setup:passive</c>, RFC 8842 §5.3); a load generator is a client.
/// </summary>
public enum DtlsRole
{
    /// <summary>Waits for the ClientHello; requests and pins the client's certificate.</summary>
    Server,

    /// <summary>Sends the ClientHello; pins the server's certificate.</summary>
    Client,
}
