using System.Net;
using System.Security.Cryptography;
using System.Text;
using OctoMesh.Media.Stun;

namespace OctoMesh.Media.Ice;

/// <summary>
/// The bridge's side of ICE for one session: an ICE-lite agent (RFC 8445 §2.5) with a single host
/// candidate, always in the controlled role. It answers the browser's connectivity checks, picks the
/// remote address to send media to, and tracks consent freshness (RFC 7675). A pure state machine:
/// bytes and time in, a response and an outcome out; the socket lives elsewhere.
/// </summary>
/// <remarks>
/// <see cref="HandleBindingRequest"/> is meant to be called from one receive loop at a time;
/// <see cref="SelectedRemote"/>, <see cref="IsConsentExpired(TimeSpan)"/> and <see cref="RemoteUfrag"/>
/// may be used from any thread.
/// </remarks>
public sealed class IceLiteAgent
{
    /// <summary>RFC 7675 §5.1: consent expires 30 seconds after the last successful check.</summary>
    public static readonly TimeSpan ConsentTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A response buffer this large always suffices.</summary>
    public const int MaxResponseSize = 128;

    /// <summary>RFC 8445 §5.3: ufrag at least 24 bits of randomness; 8 ice-chars give 48.</summary>
    public const int UfragLength = 8;

    /// <summary>RFC 8445 §5.3: password at least 128 bits of randomness; 24 ice-chars give 144.</summary>
    public const int PasswordLength = 24;

    /// <summary>RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/".</summary>
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private readonly TimeProvider _time;
    private readonly byte[] _localUfrag;
    private readonly byte[] _integrityKey;
    private volatile RemoteUfragValue? _remoteUfrag;
    private volatile IPEndPoint? _selectedRemote;
    private long _consentTimestamp;

    /// <summary>Creates the agent for one session with the credentials put in the SDP answer.</summary>
    public IceLiteAgent(string localUfrag, string localPassword, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(localUfrag);
        ArgumentException.ThrowIfNullOrEmpty(localPassword);
        ArgumentNullException.ThrowIfNull(time);
        if (localUfrag.Contains(':'))
        {
            throw new ArgumentException("A ufrag cannot contain ':' (RFC 8839 §5.4).", nameof(localUfrag));
        }

        LocalUfrag = localUfrag;
        LocalPassword = localPassword;
        _time = time;
        _localUfrag = Encoding.UTF8.GetBytes(localUfrag);
        _integrityKey = StunIntegrity.ShortTermKey(localPassword);
        // RFC 7675: with no check at all, consent runs out the same time after creation.
        _consentTimestamp = time.GetTimestamp();
    }

    /// <summary>The bridge's ufrag, as in the SDP answer (a=ice-ufrag).</summary>
    public string LocalUfrag { get; }

    /// <summary>The bridge's password, as in the SDP answer (a=ice-pwd); the key for MESSAGE-INTEGRITY.</summary>
    public string LocalPassword { get; }

    /// <summary>
    /// The browser's ufrag from its SDP offer. When set, USERNAME must be exactly "local:remote";
    /// when null, any remote part is accepted (RFC 8445 §7.3 allows a check to arrive before the offer's
    /// credentials are known, e.g. with trickle).
    /// </summary>
    public string? RemoteUfrag
    {
        get => _remoteUfrag?.Text;
        set => _remoteUfrag = value is null ? null : new RemoteUfragValue(value, Encoding.UTF8.GetBytes(value));
    }

    /// <summary>Where media goes: the address of the nominated (or, before nomination, the first valid) check.</summary>
    public IPEndPoint? SelectedRemote => _selectedRemote;

    /// <summary>True once the controlling peer has nominated a pair with USE-CANDIDATE.</summary>
    public bool IsNominated { get; private set; }

    /// <summary>Generates fresh local credentials from the ice-char set with a CSPRNG.</summary>
    public static (string Ufrag, string Password) GenerateCredentials() =>
        (RandomNumberGenerator.GetString(IceChars, UfragLength), RandomNumberGenerator.GetString(IceChars, PasswordLength));

    /// <summary>
    /// True when no valid check from the selected address (or none at all, counting from creation)
    /// arrived for <paramref name="timeout"/>: the session must stop sending (RFC 7675 §5.1).
    /// </summary>
    public bool IsConsentExpired(TimeSpan timeout) =>
        _time.GetElapsedTime(Interlocked.Read(ref _consentTimestamp)) >= timeout;

    /// <summary><see cref="IsConsentExpired(TimeSpan)"/> with <see cref="ConsentTimeout"/>.</summary>
    public bool IsConsentExpired() => IsConsentExpired(ConsentTimeout);

    /// <summary>
    /// Processes one STUN datagram from <paramref name="remote"/>. Writes the response to send back into
    /// <paramref name="response"/> (at least <see cref="MaxResponseSize"/> bytes) and sets
    /// <paramref name="responseLength"/>; 0 means send nothing. Never throws on hostile input.
    /// </summary>
    public IceCheckOutcome HandleBindingRequest(
        ReadOnlySpan<byte> request, IPEndPoint remote, Span<byte> response, out int responseLength)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (response.Length < MaxResponseSize)
        {
            throw new ArgumentException($"The response buffer must hold {MaxResponseSize} bytes.", nameof(response));
        }

        var remoteUfrag = _remoteUfrag;
        if (IceRequestValidation.Validate(request, response, _localUfrag, remoteUfrag is null ? default : remoteUfrag.Bytes, _integrityKey,
                out var view, out responseLength) is { } refused)
        {
            return refused;
        }

        var transactionId = view.TransactionId;

        // RFC 8445 §6.1.1: a full agent facing a lite one is controlling. A lite agent cannot switch
        // roles, so a peer that also claims controlled gets 487 and must switch (§7.3.1.1).
        if (view.TryGetIceControlled(out _))
        {
            responseLength = IceErrorResponse.Write(response, transactionId, StunConstants.ErrorRoleConflict, _integrityKey);
            return IceCheckOutcome.RoleConflict;
        }

        bool selectionChanged = UpdateSelection(remote, view.UseCandidate);
        responseLength = WriteSuccess(response, transactionId, remote);
        return selectionChanged ? IceCheckOutcome.AnsweredAndSelected : IceCheckOutcome.Answered;
    }

    /// <summary>
    /// RFC 8445 §7.3.1.5 / §8.2: the controlling agent nominates with USE-CANDIDATE and a lite agent
    /// follows it, so a nominated check from a new address moves the selection (the browser roamed or
    /// ICE restarted on another path). Before any nomination the first valid check selects, so media
    /// can flow as soon as DTLS completes. Consent (RFC 7675) is refreshed by checks on the selected pair.
    /// </summary>
    private bool UpdateSelection(IPEndPoint remote, bool useCandidate)
    {
        var selected = _selectedRemote;
        bool changed = selected is null || (useCandidate && !selected.Equals(remote));
        if (changed)
        {
            // Copied because the caller may reuse its endpoint object for the next datagram.
            _selectedRemote = new IPEndPoint(remote.Address, remote.Port);
        }

        if (useCandidate)
        {
            IsNominated = true;
        }

        if (changed || selected!.Equals(remote))
        {
            Interlocked.Exchange(ref _consentTimestamp, _time.GetTimestamp());
        }

        return changed;
    }

    private int WriteSuccess(Span<byte> response, ReadOnlySpan<byte> transactionId, IPEndPoint remote)
    {
        // RFC 8445 §7.3.1.4 / RFC 8489 §7.3.1: XOR-MAPPED-ADDRESS is the source of the request.
        var writer = new StunWriter(response);
        writer.Begin(StunConstants.BindingSuccess, transactionId);
        writer.AddXorMappedAddress(remote);
        writer.AddMessageIntegrity(_integrityKey);
        writer.AddFingerprint();
        return writer.Length;
    }

    private sealed record RemoteUfragValue(string Text, byte[] Bytes);
}
