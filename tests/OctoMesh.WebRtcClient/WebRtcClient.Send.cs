using System.Net.Sockets;
using OctoMesh.Media.Srtp;

namespace OctoMesh.Media.Client;

/// <summary>Sending: protect into the client's own buffer and send to the bridge's media address.</summary>
public sealed partial class WebRtcClient
{
    private int _lastRtpLength;

    /// <summary>
    /// SRTP-protects a caller-built RTP packet (RFC 3550 header, our SSRC) and sends it. False, and counted
    /// in <see cref="WebRtcClientCounters.SendFailures"/>, when not connected, the packet is malformed or too
    /// large, or the socket refused it. Thread-safe.
    /// </summary>
    public bool SendRtp(ReadOnlySpan<byte> rtpPacket)
    {
        lock (_sendLock)
        {
            if (!TryProtect(rtpPacket, _rtpSendBuffer, isRtcp: false, out var written))
            {
                return false;
            }

            _lastRtpLength = written;
            if (!SendToRemote(_rtpSendBuffer.AsSpan(0, written)))
            {
                Counters.SendFailed();
                return false;
            }

            Counters.RtpSent(written);
            return true;
        }
    }

    /// <summary>SRTCP-protects a caller-built RTCP compound packet (e.g. from <c>RtcpWriter</c>) and sends it. Thread-safe.</summary>
    public bool SendRtcp(ReadOnlySpan<byte> rtcpPacket)
    {
        lock (_sendLock)
        {
            if (!TryProtect(rtcpPacket, _rtcpSendBuffer, isRtcp: true, out var written))
            {
                return false;
            }

            if (!SendToRemote(_rtcpSendBuffer.AsSpan(0, written)))
            {
                Counters.SendFailed();
                return false;
            }

            Counters.RtcpSent(written);
            return true;
        }
    }

    /// <summary>Attack tests: sends <paramref name="datagram"/> as-is from this client's socket (its authenticated 5-tuple).</summary>
    internal bool SendRaw(ReadOnlySpan<byte> datagram) => SendToRemote(datagram);

    /// <summary>Attack tests: a copy of the last SRTP packet <see cref="SendRtp"/> sent, to replay it; empty before any.</summary>
    internal byte[] CopyLastProtectedRtp()
    {
        lock (_sendLock)
        {
            return _rtpSendBuffer.AsSpan(0, _lastRtpLength).ToArray();
        }
    }

    private bool TryProtect(ReadOnlySpan<byte> packet, byte[] destination, bool isRtcp, out int written)
    {
        written = 0;
        var outbound = Volatile.Read(ref _outbound);
        if (outbound is null)
        {
            Counters.SendFailed();
            return false;
        }

        var status = isRtcp
            ? outbound.ProtectRtcp(packet, destination, out written)
            : outbound.ProtectRtp(packet, destination, out written);
        if (status != SrtpStatus.Ok)
        {
            Counters.SendFailed();
            return false;
        }

        return true;
    }

    private bool SendToRemote(ReadOnlySpan<byte> datagram)
    {
        var remote = Volatile.Read(ref _remote);
        if (remote is null)
        {
            return false;
        }

        try
        {
            return _socket.SendTo(datagram, SocketFlags.None, remote) == datagram.Length;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
