namespace OctoMesh.Media.Sdp;

/// <summary>
/// The DTLS role the bridge takes after negotiation (RFC 5763 §5, RFC 8842 §5): it answers
/// "a=setup:passive" and is the DTLS server, unless the offer said "passive", when it must be the client.
/// </summary>
public enum DtlsSetupRole
{
    /// <summary>The bridge waits for the ClientHello ("a=setup:passive").</summary>
    Server,

    /// <summary>The bridge sends the ClientHello ("a=setup:active").</summary>
    Client,
}
