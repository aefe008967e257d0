using OctoMesh.Media.Stun;

namespace OctoMesh.Media.Ice;

/// <summary>Binding error responses of the ICE-lite agent (RFC 8489 §6.3.1.1, §14.8; RFC 8445 §7.3.1.1).</summary>
internal static class IceErrorResponse
{
    /// <summary>
    /// Writes a Binding error response with ERROR-CODE, MESSAGE-INTEGRITY when the request
    /// authenticated (<paramref name="integrityKey"/> not empty), and FINGERPRINT. Returns its length.
    /// </summary>
    public static int Write(Span<byte> response, ReadOnlySpan<byte> transactionId, int code, ReadOnlySpan<byte> integrityKey)
    {
        var writer = new StunWriter(response);
        writer.Begin(StunConstants.BindingError, transactionId);
        writer.AddErrorCode(code, ReasonPhrase(code));
        if (!integrityKey.IsEmpty)
        {
            writer.AddMessageIntegrity(integrityKey);
        }

        writer.AddFingerprint();
        return writer.Length;
    }

    private static string ReasonPhrase(int code) => code switch
    {
        StunConstants.ErrorBadRequest => "Bad Request",
        StunConstants.ErrorUnauthorized => "Unauthorized",
        StunConstants.ErrorRoleConflict => "Role Conflict",
        _ => string.Empty,
    };
}
