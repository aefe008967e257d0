using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using OctoMesh.Media.Dtls;

namespace OctoMesh.Media.Client;

/// <summary>What a <see cref="WebRtcClient"/> offers and how patiently it connects.</summary>
public sealed class WebRtcClientOptions
{
    /// <summary>
    /// True for a publisher (sendonly audio and video with a=ssrc lines), false for a player
    /// (recvonly). WHIP takes the first, WHEP the second.
    /// </summary>
    public bool Sends { get; set; }

    /// <summary>Offer an Opus audio section (mid "0").</summary>
    public bool Audio { get; set; } = true;

    /// <summary>Offer a VP8 video section with RTX (mid "1").</summary>
    public bool Video { get; set; } = true;

    /// <summary>
    /// The rids of the video section's simulcast layers when the client sends, lowest quality first (the order of
    /// a browser's <c>sendEncodings</c>): 2 to 4 distinct rids of 1-16 letters or digits (RFC 8851 §10; 16 so each fits
    /// a one-byte header extension element). The offer then reads as Chromium's does: <c>a=rid:&lt;rid&gt; send</c> per
    /// layer, <c>a=simulcast:send q;h;f</c> (RFC 8853 §5.1), the RTP stream id and repaired stream id extensions, and no
    /// <c>a=ssrc</c> lines (the bridge learns each layer's SSRC from the rid on its packets). Empty (the default): one
    /// video stream announced with <c>a=ssrc</c>.
    /// </summary>
    public IReadOnlyList<string> SimulcastRids { get; set; } = [];

    /// <summary>The local UDP address; loopback with an ephemeral port by default.</summary>
    public IPEndPoint BindEndPoint { get; set; } = new(IPAddress.Loopback, 0);

    /// <summary>
    /// Makes the client's UDP socket (unbound) for <see cref="BindEndPoint"/>'s address family; a plain
    /// <c>new Socket(family, Dgram, Udp)</c> when null. A load generator uses it to put the socket in another
    /// network namespace than its own.
    /// </summary>
    public Func<AddressFamily, Socket>? CreateSocket { get; set; }

    /// <summary>
    /// SO_RCVBUF of the client's socket in bytes (the kernel caps it at <c>net.core.rmem_max</c>); the system's
    /// default (<c>net.core.rmem_default</c>, about 200 KiB: under a second of video) when null. A load generator
    /// raises it so that a stall of its own process does not turn into loss it would blame on the server.
    /// </summary>
    public int? ReceiveBufferSize { get; set; }

    /// <summary>
    /// The DTLS certificate whose fingerprint goes in the offer. Many clients in one process (a load
    /// generator) should share one; a fresh P-256 certificate is made when null.
    /// </summary>
    public DtlsCertificate? Certificate { get; set; }

    /// <summary>Deadline for ICE plus DTLS in <see cref="WebRtcClient.ConnectAsync"/>.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often an unanswered connectivity check is resent. RFC 8445 §14.3 paces checks at Ta
    /// (50 ms by default) and RFC 8489 §6.2.1 retransmits with the same transaction id.
    /// </summary>
    public TimeSpan IceRetransmitInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>RFC 7675 §5.1: consent checks every 5 s (randomised there; fixed here) keep the bridge's 30 s timer alive.</summary>
    public TimeSpan ConsentInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Clock for retransmission and consent timers.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Optional logger.</summary>
    public ILogger? Logger { get; set; }
}
