using System.Net;
using System.Net.Sockets;
using OctoMesh.Media.Srtp;
using OctoMesh.Media.Transport;

namespace OctoMesh.Media.Client;

/// <summary>The receive loop: one datagram at a time into one buffer, demultiplexed by RFC 7983.</summary>
public sealed partial class WebRtcClient
{
    private async Task ReceiveLoopAsync()
    {
        var buffer = GC.AllocateArray<byte>(UdpMediaSocket.ReceiveBufferSize, pinned: true);
        var from = new SocketAddress(_socket.AddressFamily);
        Exception? ending = null;
        try
        {
            while (!_disposed.IsCancellationRequested)
            {
                int length;
                try
                {
                    length = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from, _disposed.Token).ConfigureAwait(false);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    // ICMP port unreachable (the bridge is gone) or an oversized datagram: not fatal.
                    continue;
                }

                OnDatagram(buffer.AsSpan(0, length), from);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || _disposed.IsCancellationRequested)
        {
            // Disposal ends the loop.
        }
        catch (Exception ex)
        {
            ending = ex;
        }

        Log.ReceiveLoopEnded(_logger, LocalEndPoint, ending);
    }

    private void OnDatagram(Span<byte> datagram, SocketAddress from)
    {
        var remote = Volatile.Read(ref _remote);
        var fromRemote = remote is not null && remote.Equals(from);
        var packetClass = PacketClassifier.Classify(datagram);

        // RFC 8445 §7.3: the peer's connectivity checks may come from any of its candidates, and (as an
        // ICE-lite answerer) before we know which address it will use.
        if (packetClass == PacketClass.Stun && IsStunRequest(datagram))
        {
            OnCheck(datagram, from);
            return;
        }

        if (!fromRemote)
        {
            Counters.Ignored();
            return;
        }

        switch (packetClass)
        {
            case PacketClass.Stun:
                OnStunResponse(datagram);
                break;
            case PacketClass.Dtls:
                if (_dtls is not { } dtls || !dtls.EnqueueReceived(datagram))
                {
                    Counters.Ignored();
                }

                break;
            case PacketClass.Rtp:
                OnSrtp(datagram, isRtcp: false);
                break;
            case PacketClass.Rtcp:
                OnSrtp(datagram, isRtcp: true);
                break;
            default:
                Counters.Ignored();
                break;
        }
    }

    private void OnSrtp(Span<byte> datagram, bool isRtcp)
    {
        var inbound = Volatile.Read(ref _inbound);
        if (inbound is null)
        {
            Counters.Ignored();
            return;
        }

        var status = isRtcp
            ? inbound.UnprotectRtcp(datagram, datagram, out var length)
            : inbound.UnprotectRtp(datagram, datagram, out length);
        if (status != SrtpStatus.Ok)
        {
            Counters.SrtpFailed();
            return;
        }

        if (isRtcp)
        {
            Counters.RtcpReceived(datagram.Length);
        }
        else
        {
            Counters.RtpReceived(datagram.Length);
        }

        try
        {
            (isRtcp ? RtcpReceived : RtpReceived)?.Invoke(datagram[..length]);
        }
        catch (Exception ex)
        {
            // A handler's bug must not stop the receive loop for the packets that follow.
            Log.HandlerFailed(_logger, LocalEndPoint, ex);
        }
    }
}
