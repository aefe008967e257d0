using OctoMesh.Media.Stun;

namespace OctoMesh.Media.Ice;

/// <summary>
/// What every answer to a connectivity check starts with, for the bridge's ICE-lite agent and the client peer
/// alike: a well-formed STUN request with a good FINGERPRINT (RFC 8445 §7.3, RFC 8489 §7.3), a Binding request
/// carrying USERNAME and MESSAGE-INTEGRITY (else 400, RFC 8489 §6.3.1 and §9.1.3), USERNAME "LFRAG:RFRAG" naming
/// us (else 401 without integrity: we cannot know the sender's key), and MESSAGE-INTEGRITY under our password
/// (else 401). Role checks and the success answer stay with the caller.
/// </summary>
internal static class IceRequestValidation
{
    private const byte UsernameSeparator = (byte)':';

    /// <summary>
    /// Null when <paramref name="request"/> is a valid check for us (<paramref name="view"/> reads it); otherwise
    /// the outcome, with an error response in <paramref name="response"/> when one is due (<paramref name="responseLength"/>
    /// 0 when nothing is to be sent). An empty <paramref name="remoteUfrag"/> accepts any peer ufrag.
    /// </summary>
    public static IceCheckOutcome? Validate(
        ReadOnlySpan<byte> request,
        Span<byte> response,
        ReadOnlySpan<byte> localUfrag,
        ReadOnlySpan<byte> remoteUfrag,
        ReadOnlySpan<byte> integrityKey,
        out StunMessageView view,
        out int responseLength)
    {
        responseLength = 0;
        if (StunReader.TryParse(request, out view) != StunParseStatus.Ok)
        {
            return IceCheckOutcome.Malformed;
        }

        if (view.MessageClass != StunConstants.RequestClass)
        {
            return IceCheckOutcome.Ignored;
        }

        if (!view.VerifyFingerprint())
        {
            return IceCheckOutcome.BadFingerprint;
        }

        var transactionId = view.TransactionId;
        if (view.MessageType != StunConstants.BindingRequest || !view.HasMessageIntegrity || !view.TryGetUsername(out var username))
        {
            responseLength = IceErrorResponse.Write(response, transactionId, StunConstants.ErrorBadRequest, integrityKey: default);
            return IceCheckOutcome.Malformed;
        }

        if (!NamesUs(username, localUfrag, remoteUfrag))
        {
            responseLength = IceErrorResponse.Write(response, transactionId, StunConstants.ErrorUnauthorized, integrityKey: default);
            return IceCheckOutcome.UnknownUsername;
        }

        if (!view.VerifyMessageIntegrity(integrityKey))
        {
            responseLength = IceErrorResponse.Write(response, transactionId, StunConstants.ErrorUnauthorized, integrityKey: default);
            return IceCheckOutcome.BadIntegrity;
        }

        return null;
    }

    // RFC 8445 §7.2.2: USERNAME = "RFRAG:LFRAG" as the sender writes it, so the receiver's (our) ufrag comes first.
    private static bool NamesUs(ReadOnlySpan<byte> username, ReadOnlySpan<byte> localUfrag, ReadOnlySpan<byte> remoteUfrag)
    {
        var separator = username.IndexOf(UsernameSeparator);
        return separator >= 0
            && username[..separator].SequenceEqual(localUfrag)
            && (remoteUfrag.IsEmpty || username[(separator + 1)..].SequenceEqual(remoteUfrag));
    }
}
