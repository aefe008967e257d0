using System.Net;
using System.Text;
using OctoMesh.Media.Ice;
using OctoMesh.Media.Stun;

namespace OctoMesh.Media.Client;

/// <summary>
/// The client's answers to the peer's connectivity checks (RFC 8445 §7.3): a full agent such as libnice sends its
/// own (triggered) checks and needs them answered before it nominates, whether it is controlled (we offered) or
/// controlling (it offered and we answered ICE-lite). A pure function of the request: bytes in, response out.
/// </summary>
internal sealed class IceCheckResponder
{
    private readonly byte[] _localUfrag;
    private readonly byte[] _remoteUfrag;
    private readonly byte[] _integrityKey;
    private readonly bool _controlling;

    /// <param name="localUfrag">Our ufrag: the first part of USERNAME in the peer's checks.</param>
    /// <param name="localPassword">Our password: keys MESSAGE-INTEGRITY of the checks and our responses.</param>
    /// <param name="remoteUfrag">The peer's ufrag from its SDP: the second part of USERNAME.</param>
    /// <param name="controlling">Our role: a check claiming the same role is a conflict (RFC 8445 §7.3.1.1).</param>
    public IceCheckResponder(string localUfrag, string localPassword, string remoteUfrag, bool controlling)
    {
        _localUfrag = Encoding.UTF8.GetBytes(localUfrag);
        _remoteUfrag = Encoding.UTF8.GetBytes(remoteUfrag);
        _integrityKey = StunIntegrity.ShortTermKey(localPassword);
        _controlling = controlling;
    }

    /// <summary>
    /// Answers one STUN datagram from <paramref name="remote"/>: a success with XOR-MAPPED-ADDRESS,
    /// MESSAGE-INTEGRITY and FINGERPRINT (RFC 8489 §7.3.1) for a valid check, an error where RFC 8489 §9.1.3 asks
    /// for one, nothing otherwise (<paramref name="responseLength"/> 0). <paramref name="useCandidate"/> tells
    /// whether a valid check nominated the pair. Never throws on hostile input.
    /// </summary>
    public IceCheckOutcome Answer(
        ReadOnlySpan<byte> request, IPEndPoint remote, Span<byte> response, out int responseLength, out bool useCandidate)
    {
        useCandidate = false;
        if (IceRequestValidation.Validate(request, response, _localUfrag, _remoteUfrag, _integrityKey, out var view, out responseLength) is { } refused)
        {
            return refused;
        }

        var transactionId = view.TransactionId;

        // RFC 8445 §7.3.1.1: both claiming one role is a conflict. This client never switches roles (it is
        // controlling as offerer and lite as answerer), so the peer is told to switch with 487.
        var conflict = _controlling ? view.TryGetIceControlling(out _) : view.TryGetIceControlled(out _);
        if (conflict)
        {
            responseLength = IceErrorResponse.Write(response, transactionId, StunConstants.ErrorRoleConflict, _integrityKey);
            return IceCheckOutcome.RoleConflict;
        }

        useCandidate = view.UseCandidate;

        // RFC 8445 §7.3.1.4 / RFC 8489 §7.3.1: XOR-MAPPED-ADDRESS is the source of the request.
        var writer = new StunWriter(response);
        writer.Begin(StunConstants.BindingSuccess, transactionId);
        writer.AddXorMappedAddress(remote);
        writer.AddMessageIntegrity(_integrityKey);
        writer.AddFingerprint();
        responseLength = writer.Length;
        return IceCheckOutcome.Answered;
    }
}
