using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace OctoMesh.Relay.WireGuard;

/// <summary>How a <see cref="WireGuardTunnel"/> is set up.</summary>
public sealed record WireGuardTunnelOptions
{
    /// <summary>Our static key pair (<c>[Interface] PrivateKey</c>).</summary>
    public required WireGuardKeyPair KeyPair { get; init; }

    /// <summary>Our IPv4 overlay address: the source of every datagram we send, the destination we accept.</summary>
    public required IPAddress OverlayAddress { get; init; }

    /// <summary>Where to bind the UDP socket when <see cref="Socket"/> is null (<c>ListenPort</c>); port 0 picks one.</summary>
    public IPEndPoint BindEndPoint { get; init; } = new(IPAddress.Any, 0);

    /// <summary>An already-bound UDP socket to use instead (e.g. created inside a network namespace); the tunnel owns it from then on.</summary>
    public Socket? Socket { get; init; }

    /// <summary>
    /// SO_RCVBUF and SO_SNDBUF of the tunnel's socket. One relay socket carries every stream a peer bridge
    /// subscribed to, so the system default (about 208 KiB on Linux, some 90 packets) overflows when the
    /// receive thread is descheduled for a few hundred milliseconds; 4 MiB holds seconds of a busy link.
    /// The kernel caps it at <c>net.core.rmem_max</c> / <c>wmem_max</c>.
    /// </summary>
    public int SocketBufferBytes { get; init; } = DefaultSocketBufferBytes;

    /// <summary>The default of <see cref="SocketBufferBytes"/>, also used by the os-mode relay socket.</summary>
    public const int DefaultSocketBufferBytes = 4 * 1024 * 1024;

    /// <summary>The clock of every timer and timestamp; tests pass a virtual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>How often the protocol timers are evaluated (boringtun ticks every 250 ms).</summary>
    public TimeSpan TimerInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
