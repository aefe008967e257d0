using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using OctoMesh.Media.Client;
using OctoMesh.Media.Ice;
using OctoMesh.Media.Stun;

namespace OctoMesh.Bridge.Tests.MediaPort;

/// <summary>
/// Sends bad input to the bridge's media port, from its own socket (an unknown 5-tuple) or from a
/// connected headless client's socket (a 5-tuple ICE has bound to a session), and tallies which
/// <c>reason</c> label each datagram should be dropped under.
/// </summary>
public sealed class MediaPortAttacker : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _mediaPort;
    private readonly WebRtcClient _victim;
    private readonly Random _random;

    /// <param name="victim">A connected session whose credentials and 5-tuple the attacks use.</param>
    public MediaPortAttacker(WebRtcClient victim, int seed)
    {
        _victim = victim;
        _mediaPort = victim.RemoteEndPoint ?? throw new InvalidOperationException("The victim is not connected.");
        _random = new Random(seed);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    /// <summary>Expected drops per reason label, summed over every attack so far.</summary>
    public Dictionary<string, int> Expected { get; } = new(StringComparer.Ordinal);

    /// <summary>Datagrams from the victim's 5-tuple whose reason depends on the SRTP outcome (any srtp/rtp/rtcp reason).</summary>
    public int ExpectedSrtpDrops { get; private set; }

    /// <summary>Random datagrams from an unknown address; the reason follows from the first byte (RFC 7983).</summary>
    public void RandomBytesFromStranger(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var datagram = new byte[_random.Next(1, 1400)];
            _random.NextBytes(datagram);
            Expect(datagram[0] switch
            {
                <= 3 => "stun_malformed",
                >= 20 and <= 63 => "unknown_source",
                >= 128 and <= 191 when datagram.Length >= 8 => "unknown_source",
                _ => "unknown_protocol",
            });
            FromStranger(datagram);
        }
    }

    /// <summary>Random RTP/RTCP-looking datagrams from the victim's bound 5-tuple: SRTP must refuse every one.</summary>
    public void RandomSrtpFromVictim(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var datagram = new byte[_random.Next(8, 1200)];
            _random.NextBytes(datagram);
            datagram[0] = (byte)(0x80 | (datagram[0] & 0x3F));
            ExpectedSrtpDrops++;
            _victim.SendRaw(datagram);
        }
    }

    /// <summary>A valid Binding request for the victim's session, cut short three ways.</summary>
    public void TruncatedStun()
    {
        var request = BindingRequest(_victim.Answer!.RemoteIcePwd);
        foreach (var length in new[] { 19, StunConstants.HeaderSize + 8, request.Length - 1 })
        {
            Expect("stun_malformed");
            FromStranger(request.AsSpan(0, length));
        }
    }

    /// <summary>The victim's USERNAME (a real session's ufrags) keyed with the wrong password (RFC 8489 §14.5).</summary>
    public void StunWithBadIntegrity()
    {
        Expect("stun_bad_integrity");
        FromStranger(BindingRequest("not-the-bridge-password-0123"));
    }

    /// <summary>DTLS records cut short, from the bound 5-tuple (the handshake thread must not see them) and from a stranger.</summary>
    public void TruncatedDtls()
    {
        byte[] headerOnly = [22, 0xFE, 0xFD, 0, 0];
        var overlong = new byte[40];
        overlong[0] = 22;
        overlong[1] = 0xFE;
        overlong[2] = 0xFD;
        BinaryPrimitives.WriteUInt16BigEndian(overlong.AsSpan(11), 200);
        Expect("dtls_malformed", 2);
        _victim.SendRaw(headerOnly);
        _victim.SendRaw(overlong);
        Expect("unknown_source");
        FromStranger(overlong);
    }

    /// <summary>RTP and RTCP shorter than their headers plus the SRTP trailer.</summary>
    public void TruncatedRtpAndRtcp()
    {
        byte[] rtp = [0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0];
        byte[] rtcp = [0x80, 200, 0, 1, 0, 0, 0, 1];
        byte[] tiny = [0x80, 96, 0, 1];
        Expect("rtp_malformed");
        _victim.SendRaw(rtp);
        Expect("rtcp_malformed");
        _victim.SendRaw(rtcp);
        Expect("unknown_protocol");
        _victim.SendRaw(tiny);
    }

    /// <summary>The victim's last SRTP packet with a later sequence number and a damaged tag: authentication must fail.</summary>
    public void SrtpWithWrongTag()
    {
        var packet = _victim.CopyLastProtectedRtp();
        if (packet.Length == 0)
        {
            throw new InvalidOperationException("The victim has sent no SRTP yet.");
        }

        // A later sequence number keeps the packet out of the replay window, so only the tag decides.
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)) + 1000));
        packet[^1] ^= 0xFF;
        Expect("srtp_authentication_failed");
        _victim.SendRaw(packet);
    }

    /// <summary>The victim's last SRTP packet again, byte for byte, from its own 5-tuple (RFC 3711 §3.3.2).</summary>
    public void ReplayedSrtp()
    {
        var packet = _victim.CopyLastProtectedRtp();
        Expect("srtp_replayed", 2);
        _victim.SendRaw(packet);
        _victim.SendRaw(packet);
    }

    private byte[] BindingRequest(string bridgePassword)
    {
        var ice = new IceControllingClient(_victim.LocalUfrag, _victim.LocalPassword, _victim.Answer!.RemoteIceUfrag, bridgePassword);
        var buffer = new byte[IceControllingClient.MaxRequestSize];
        var length = ice.WriteBindingRequest(buffer, useCandidate: false, priority: 1, out _);
        return buffer[..length];
    }

    private void FromStranger(ReadOnlySpan<byte> datagram) => _socket.SendTo(datagram, SocketFlags.None, _mediaPort);

    private void Expect(string reason, int count = 1) =>
        Expected[reason] = Expected.GetValueOrDefault(reason) + count;

    public void Dispose() => _socket.Dispose();
}
