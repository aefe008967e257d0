using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using OctoMesh.Media.Ice;
using OctoMesh.Media.Stun;

namespace OctoMesh.Media.Client;

/// <summary>
/// Answering the peer's connectivity checks (RFC 8445 §7.3). As offerer (controlling) this lets a full agent's
/// triggered checks succeed, which libnice needs before it accepts our nomination; as ICE-lite answerer the
/// checks are all of ICE: the first valid one selects where media goes, a nominating one (USE-CANDIDATE) from
/// elsewhere moves it (§7.3.1.5), and every valid one from the selected address is consent (RFC 7675).
/// </summary>
public sealed partial class WebRtcClient
{
    private readonly byte[] _checkResponse = new byte[IceLiteAgent.MaxResponseSize];
    private long _checksAnswered;

    /// <summary>Binding requests from the peer that were answered with a success.</summary>
    public long ChecksAnswered => Interlocked.Read(ref _checksAnswered);

    // RFC 8489 §5: the class bits of the message type; a request has both clear.
    private static bool IsStunRequest(ReadOnlySpan<byte> datagram) =>
        (BinaryPrimitives.ReadUInt16BigEndian(datagram) & StunConstants.MessageClassMask) == StunConstants.RequestClass;

    /// <summary>Called on the receive loop (one at a time) for every STUN request, from any address.</summary>
    private void OnCheck(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        if (Volatile.Read(ref _responder) is not { } responder)
        {
            // The peer's credentials are not known yet; it retransmits (RFC 8489 §6.2.1).
            Counters.Ignored();
            return;
        }

        // One endpoint per check: checks come every few hundred milliseconds at most, never per packet.
        var remote = (IPEndPoint)LocalEndPoint.Create(from);
        var outcome = responder.Answer(datagram, remote, _checkResponse, out var responseLength, out var useCandidate);
        if (responseLength > 0)
        {
            try
            {
                _socket.SendTo(_checkResponse.AsSpan(0, responseLength), SocketFlags.None, from);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                Counters.SendFailed();
            }
        }

        if (outcome != IceCheckOutcome.Answered)
        {
            Counters.Ignored();
            return;
        }

        Interlocked.Increment(ref _checksAnswered);
        if (_answering)
        {
            SelectByCheck(remote, from, useCandidate);
        }
    }

    /// <summary>
    /// ICE-lite (RFC 8445 §7.3.1.5, §8.2): before any nomination the first valid check selects, so DTLS can start
    /// at once; a nominating check from another address moves the selection. Checks on the selected pair are consent.
    /// </summary>
    private void SelectByCheck(IPEndPoint remote, SocketAddress from, bool useCandidate)
    {
        var selected = Volatile.Read(ref _remote);
        if (selected is null || (useCandidate && !selected.Equals(from)))
        {
            RemoteEndPoint = remote;
            Volatile.Write(ref _remote, remote.Serialize());
            Log.RemoteSelected(_logger, LocalEndPoint, remote, useCandidate);
        }

        Interlocked.Exchange(ref _lastConsentTimestamp, _options.Time.GetTimestamp());
        _iceSucceeded.TrySetResult();
    }
}
