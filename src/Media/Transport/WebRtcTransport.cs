using System.Net;
using Microsoft.Extensions.Logging;
using OctoMesh.Media.Dtls;
using OctoMesh.Media.Ice;
using OctoMesh.Media.Srtp;
using OctoMesh.Media.Transport.Batching;

namespace OctoMesh.Media.Transport;

/// <summary>
/// One WebRTC PeerConnection's transport on the bridge: an ICE-lite agent, a DTLS server and the
/// SRTP contexts it keys, bundled on one 5-tuple (RFC 8843, rtcp-mux RFC 5761). It owns no socket:
/// the <see cref="MediaServer"/> routes datagrams to it and sends for it.
/// </summary>
public sealed partial class WebRtcTransport : IDisposable
{
    private readonly MediaServer _server;
    private readonly IMediaMetrics _metrics;
    private readonly ILogger _logger;
    private readonly DtlsTransport _dtls;
    private readonly Lock _sendLock = new();
    private readonly Lock _receiveLock = new();
    private readonly Lock _iceLock = new();
    private SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private SocketAddress? _selectedRemote;
    private int _closed;

    internal WebRtcTransport(MediaServer server, string id, DtlsCertificate certificate, IMediaMetrics metrics, TimeProvider time, ILogger logger)
    {
        _server = server;
        _metrics = metrics;
        _logger = logger;
        Id = id;
        var (ufrag, password) = IceLiteAgent.GenerateCredentials();
        Ice = new IceLiteAgent(ufrag, password, time);
        _dtls = new DtlsTransport(DtlsRole.Server, certificate, expectedRemoteFingerprint: null, SendDtls, logger);
        _ = WatchHandshakeAsync();
    }

    public string Id { get; }

    public IceLiteAgent Ice { get; }

    public string LocalUfrag => Ice.LocalUfrag;

    public string LocalPassword => Ice.LocalPassword;

    /// <summary>Gets decrypted media once connected. Set it before the remote peer can connect.</summary>
    public IMediaReceiver? Receiver { get; set; }

    public bool IsConnected => Volatile.Read(ref _outbound) is not null;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Why the transport closed, once it has.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>Raised once, on a pool thread, when DTLS-SRTP is ready and media can flow.</summary>
    public event Action<WebRtcTransport>? Connected;

    /// <summary>Raised once when the transport closes for any reason (consent, DTLS failure, disposal).</summary>
    public event Action<WebRtcTransport>? Closed;

    /// <summary>Set from the remote description before answering (RFC 8445 §5.3, RFC 8122 §5).</summary>
    public void SetRemoteParameters(string? remoteUfrag, string remoteFingerprint)
    {
        Ice.RemoteUfrag = remoteUfrag;
        _dtls.ExpectedRemoteFingerprint = remoteFingerprint;
        _dtls.Start();
    }

    /// <summary>
    /// Protect a plain RTP packet in place and send it to the selected remote. <paramref name="buffer"/>
    /// must hold <paramref name="length"/> bytes of RTP and have room for the SRTP tag behind them.
    /// </summary>
    public bool SendRtp(Span<byte> buffer, int length) => Send(buffer, length, PacketClass.Rtp);

    /// <summary>Protect a plain RTCP compound packet in place and send it.</summary>
    public bool SendRtcp(Span<byte> buffer, int length) => Send(buffer, length, PacketClass.Rtcp);

    private bool Send(Span<byte> buffer, int length, PacketClass kind)
    {
        if (IsClosed)
        {
            return false;
        }

        // A receive thread of another media port (two servers in one process) sends directly.
        if (SendBatch.Current is { } batch && ReferenceEquals(batch.Owner, _server.Socket))
        {
            return SendBatched(batch, buffer[..length], kind);
        }

        lock (_sendLock)
        {
            var outbound = _outbound;
            var remote = Volatile.Read(ref _selectedRemote);
            if (outbound is null || remote is null)
            {
                return false;
            }

            var status = kind == PacketClass.Rtp
                ? outbound.ProtectRtp(buffer[..length], buffer, out var written)
                : outbound.ProtectRtcp(buffer[..length], buffer, out written);
            if (status != SrtpStatus.Ok)
            {
                _metrics.Dropped(DropReason.SrtpOther);
                return false;
            }

            if (!_server.Socket.SendTo(buffer[..written], remote))
            {
                _metrics.Dropped(DropReason.SendFailed);
                return false;
            }

            _metrics.PacketSent(kind, written);
            return true;
        }
    }

    /// <summary>
    /// On a receive thread: protect straight into a slot of the thread's batch, sent with the others at its
    /// flush. The send lock covers the protection only (the outbound SRTP context is shared by every thread
    /// that sends to this transport); see <see cref="SendBatch"/> for why order per stream still holds.
    /// True means queued; a refused send is counted at the flush.
    /// </summary>
    private bool SendBatched(SendBatch batch, ReadOnlySpan<byte> packet, PacketClass kind)
    {
        batch.EnsureRoom();
        SocketAddress? remote;
        int written;
        lock (_sendLock)
        {
            var outbound = _outbound;
            remote = Volatile.Read(ref _selectedRemote);
            if (outbound is null || remote is null)
            {
                return false;
            }

            var slot = batch.NextSlot;
            var status = kind == PacketClass.Rtp
                ? outbound.ProtectRtp(packet, slot, out written)
                : outbound.ProtectRtcp(packet, slot, out written);
            if (status != SrtpStatus.Ok)
            {
                _metrics.Dropped(DropReason.SrtpOther);
                return false;
            }
        }

        batch.Add(written, remote, kind);
        return true;
    }

    internal void OnStun(ReadOnlySpan<byte> request, SocketAddress from)
    {
        var remote = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(from);
        Span<byte> response = stackalloc byte[512];
        IceCheckOutcome outcome;
        int responseLength;

        // Checks from two candidate pairs may arrive on two receive threads (SO_REUSEPORT hashes by address).
        lock (_iceLock)
        {
            outcome = Ice.HandleBindingRequest(request, remote, response, out responseLength);
            if (outcome is IceCheckOutcome.Answered or IceCheckOutcome.AnsweredAndSelected)
            {
                _server.BindAddress(this, from);
                if (outcome == IceCheckOutcome.AnsweredAndSelected || _selectedRemote is null)
                {
                    Volatile.Write(ref _selectedRemote, CopyOf(from));
                }
            }
        }

        switch (outcome)
        {
            case IceCheckOutcome.Answered:
            case IceCheckOutcome.AnsweredAndSelected:
                break;
            case IceCheckOutcome.BadIntegrity:
                _metrics.Dropped(DropReason.StunBadIntegrity);
                break;
            case IceCheckOutcome.BadFingerprint:
                _metrics.Dropped(DropReason.StunBadFingerprint);
                break;
            case IceCheckOutcome.UnknownUsername:
                _metrics.Dropped(DropReason.StunUnknownUsername);
                break;
            default:
                _metrics.Dropped(DropReason.StunMalformed);
                break;
        }

        if (responseLength > 0)
        {
            _server.Socket.SendTo(response[..responseLength], from);
            _metrics.PacketSent(PacketClass.Stun, responseLength);
        }
    }

    internal void OnDtls(ReadOnlySpan<byte> datagram)
    {
        if (!DtlsRecordFraming.IsWellFramed(datagram))
        {
            _metrics.Dropped(DropReason.DtlsMalformed);
            return;
        }

        if (!_dtls.EnqueueReceived(datagram))
        {
            _metrics.Dropped(DropReason.DtlsQueueFull);
        }
    }

    internal void OnSrtp(Span<byte> datagram, PacketClass kind)
    {
        var inbound = Volatile.Read(ref _inbound);
        if (inbound is null)
        {
            _metrics.Dropped(DropReason.NotConnected);
            return;
        }

        // The inbound context (replay window, rollover counter) is not thread-safe, and the same transport
        // can be reached from two receive threads while ICE moves it to another address. The lock covers
        // the unprotect only: the receiver runs outside it, so it never nests inside a send lock.
        SrtpStatus status;
        int length;
        lock (_receiveLock)
        {
            status = kind == PacketClass.Rtp
                ? inbound.UnprotectRtp(datagram, datagram, out length)
                : inbound.UnprotectRtcp(datagram, datagram, out length);
        }

        if (status != SrtpStatus.Ok)
        {
            _metrics.Dropped(status switch
            {
                SrtpStatus.AuthenticationFailed => DropReason.SrtpAuthenticationFailed,
                SrtpStatus.Replayed or SrtpStatus.TooOld => DropReason.SrtpReplayed,
                SrtpStatus.TooShort or SrtpStatus.Malformed => kind == PacketClass.Rtp ? DropReason.RtpMalformed : DropReason.RtcpMalformed,
                _ => DropReason.SrtpOther,
            });
            return;
        }

        var receiver = Receiver;
        if (receiver is null)
        {
            return;
        }

        if (kind == PacketClass.Rtp)
        {
            receiver.OnRtp(this, datagram[..length]);
        }
        else
        {
            receiver.OnRtcp(this, datagram[..length]);
        }
    }

    private void SendDtls(ReadOnlySpan<byte> datagram)
    {
        var remote = Volatile.Read(ref _selectedRemote);
        if (remote is not null && _server.Socket.SendTo(datagram, remote))
        {
            _metrics.PacketSent(PacketClass.Dtls, datagram.Length);
        }
    }

    private async Task WatchHandshakeAsync()
    {
        var result = await _dtls.Completion.ConfigureAwait(false);
        if (!result.Succeeded || result.Keys is null)
        {
            if (result.Reason != DtlsFailureReason.Disposed)
            {
                _metrics.DtlsFailed(result.Reason.ToString());
                Log.DtlsFailed(_logger, Id, result.Reason, result.Detail);
            }

            Close($"dtls-{result.Reason}".ToLowerInvariant());
            return;
        }

        var keys = result.Keys;

        // RFC 5764 §4.2: the DTLS server protects with the server write key and reads the client's.
        _inbound = SrtpContext.Create(keys.Profile, keys.ClientWriteKey, keys.ClientWriteSalt);
        Volatile.Write(ref _outbound, SrtpContext.Create(keys.Profile, keys.ServerWriteKey, keys.ServerWriteSalt));
        Log.Connected(_logger, Id, keys.Profile);
        Connected?.Invoke(this);
    }

    /// <summary>
    /// Connect as if ICE had selected <paramref name="remote"/> and DTLS had keyed these contexts, without
    /// either handshake: for benchmarks and tests of the media path alone. Never called by the bridge.
    /// </summary>
    internal void ConnectForTesting(SrtpContext inbound, SrtpContext outbound, SocketAddress remote)
    {
        _server.BindAddress(this, remote);
        Volatile.Write(ref _selectedRemote, CopyOf(remote));
        Volatile.Write(ref _inbound, inbound);
        Volatile.Write(ref _outbound, outbound);
    }

    /// <summary>Close the transport: stops media, frees its address bindings, raises <see cref="Closed"/> once.</summary>
    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        CloseReason = reason;
        _server.Unregister(this);
        _dtls.Dispose();
        lock (_sendLock)
        {
            Interlocked.Exchange(ref _outbound, null)?.Dispose();
        }

        // The receive thread may still hold the inbound context for one packet; it is
        // unreachable after this exchange and left to the collector rather than disposed under it.
        Interlocked.Exchange(ref _inbound, null);

        Log.Closed(_logger, Id, reason);
        Closed?.Invoke(this);
    }

    public void Dispose() => Close("disposed");

    private static SocketAddress CopyOf(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span.CopyTo(copy.Buffer.Span);
        return copy;
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Information, "Transport {Id} connected with {Profile}")]
        public static partial void Connected(ILogger logger, string id, SrtpProfile profile);

        [LoggerMessage(11, LogLevel.Information, "Transport {Id} closed: {Reason}")]
        public static partial void Closed(ILogger logger, string id, string reason);

        [LoggerMessage(12, LogLevel.Warning, "Transport {Id} DTLS handshake failed: {Reason} {Detail}")]
        public static partial void DtlsFailed(ILogger logger, string id, DtlsFailureReason reason, string? detail);
    }
}
