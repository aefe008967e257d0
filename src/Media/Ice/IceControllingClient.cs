using System.Net;
using System.Security.Cryptography;
using System.Text;
using OctoMesh.Media.Stun;

namespace OctoMesh.Media.Ice;

/// <summary>
/// The controlling side of connectivity checks, as a browser plays it against the bridge: builds
/// Binding requests with USERNAME, PRIORITY, ICE-CONTROLLING, optional USE-CANDIDATE,
/// MESSAGE-INTEGRITY and FINGERPRINT (RFC 8445 §7.2.2), and checks the success responses. Meant for
/// load generators and tests, not a full ICE agent (no candidate gathering, pacing or retransmission).
/// </summary>
public sealed class IceControllingClient
{
    /// <summary>A request buffer this large suffices for ufrags up to 32 bytes each.</summary>
    public const int MaxRequestSize = 160;

    /// <summary>RFC 8445 §5.1.2.2: recommended type preference of a host candidate.</summary>
    public const int HostTypePreference = 126;

    /// <summary>RFC 8445 §5.1.2.2: recommended type preference of a peer-reflexive candidate (used in PRIORITY).</summary>
    public const int PeerReflexiveTypePreference = 110;

    private readonly byte[] _username;
    private readonly byte[] _remoteKey;
    private StunTransactionId _lastTransactionId;

    /// <summary>Creates a client; the tie-breaker is random when not given.</summary>
    public IceControllingClient(
        string localUfrag, string localPassword, string remoteUfrag, string remotePassword, ulong? tieBreaker = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(localUfrag);
        ArgumentException.ThrowIfNullOrEmpty(localPassword);
        ArgumentException.ThrowIfNullOrEmpty(remoteUfrag);
        ArgumentException.ThrowIfNullOrEmpty(remotePassword);
        LocalUfrag = localUfrag;
        LocalPassword = localPassword;
        RemoteUfrag = remoteUfrag;
        RemotePassword = remotePassword;
        TieBreaker = tieBreaker ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
        // RFC 8445 §7.2.2: "RFRAG:LFRAG", the receiver's ufrag first; keyed with the receiver's password.
        _username = Encoding.UTF8.GetBytes($"{remoteUfrag}:{localUfrag}");
        _remoteKey = StunIntegrity.ShortTermKey(remotePassword);
        if (_username.Length > StunConstants.MaxUsernameLength)
        {
            throw new ArgumentException("The ufrags are too long for USERNAME.");
        }
    }

    /// <summary>This side's ufrag.</summary>
    public string LocalUfrag { get; }

    /// <summary>This side's password (would key checks the peer sends us; unused by a lite peer).</summary>
    public string LocalPassword { get; }

    /// <summary>The peer's (bridge's) ufrag.</summary>
    public string RemoteUfrag { get; }

    /// <summary>The peer's (bridge's) password: keys our requests and its responses.</summary>
    public string RemotePassword { get; }

    /// <summary>The ICE-CONTROLLING tie-breaker (RFC 8445 §7.1.3).</summary>
    public ulong TieBreaker { get; }

    /// <summary>The transaction id of the last request written.</summary>
    public StunTransactionId LastTransactionId => _lastTransactionId;

    /// <summary>RFC 8445 §5.1.2.1: priority = 2^24 * type preference + 2^8 * local preference + (256 - component id).</summary>
    public static uint ComputePriority(int typePreference, int localPreference, int componentId) =>
        (uint)((typePreference << 24) + (localPreference << 8) + (256 - componentId));

    /// <summary>
    /// Writes a Binding request into <paramref name="destination"/> (at least <see cref="MaxRequestSize"/>
    /// bytes) and returns its length.
    /// </summary>
    public int WriteBindingRequest(Span<byte> destination, bool useCandidate, uint priority, out StunTransactionId transactionId)
    {
        transactionId = StunTransactionId.NewRandom();
        _lastTransactionId = transactionId;
        var writer = new StunWriter(destination);
        writer.Begin(StunConstants.BindingRequest, transactionId);
        writer.AddUsername(_username);
        writer.AddPriority(priority);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddIceControlling(TieBreaker);
        writer.AddMessageIntegrity(_remoteKey);
        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>True when <paramref name="response"/> is a Binding success for the last request, authenticated with the remote password.</summary>
    public bool IsMatchingSuccess(ReadOnlySpan<byte> response) => IsMatchingSuccess(response, _lastTransactionId);

    /// <summary>True when <paramref name="response"/> is a Binding success for <paramref name="transactionId"/>, authenticated with the remote password.</summary>
    public bool IsMatchingSuccess(ReadOnlySpan<byte> response, StunTransactionId transactionId) =>
        TryReadSuccess(response, transactionId, out _);

    /// <summary>
    /// Like <see cref="IsMatchingSuccess(ReadOnlySpan{byte}, StunTransactionId)"/>, also returning the
    /// XOR-MAPPED-ADDRESS (our address as the peer saw it). RFC 8445 §7.2.5.2: the response must
    /// authenticate and, when FINGERPRINT is present, it must verify.
    /// </summary>
    public bool TryReadSuccess(ReadOnlySpan<byte> response, StunTransactionId transactionId, out IPEndPoint? mappedAddress)
    {
        mappedAddress = null;
        return StunReader.TryParse(response, out var view) == StunParseStatus.Ok
            && view.MessageType == StunConstants.BindingSuccess
            && transactionId.Matches(view.TransactionId)
            && (!view.HasFingerprint || view.VerifyFingerprint())
            && view.VerifyMessageIntegrity(_remoteKey)
            && view.TryGetXorMappedAddress(out mappedAddress);
    }
}
