using System.Buffers;
using System.Net.Sockets;
using System.Text;

namespace OctoMesh.Relay.WireGuard.Os;

/// <summary>
/// Programs an OS WireGuard interface (wireguard-go, or any implementation of the cross-platform
/// userspace API, wireguard.com/xplatform) through its UNIX socket
/// <c>/var/run/wireguard/&lt;interface&gt;.sock</c>. Each operation opens its own connection,
/// writes one <c>get=1</c> or <c>set=1</c> request and reads the reply up to its blank line, so
/// concurrent callers never interleave on one stream. A non-zero <c>errno=</c>, a reply that
/// breaks the protocol, an unreachable socket or a timeout all raise
/// <see cref="WireGuardUapiException"/>.
/// </summary>
public sealed class WireGuardUapiClient
{
    /// <summary>Where wireguard-go creates its sockets on Linux.</summary>
    public const string DefaultSocketDirectory = "/var/run/wireguard";

    /// <summary>How long one operation may take unless the constructor says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    // A get reply is ~400 bytes per peer; a mesh has tens of peers. Anything past this is not a UAPI reply.
    private const int MaximumReplyBytes = 4 * 1024 * 1024;
    private const int ReadChunkBytes = 4096;

    private readonly TimeSpan _timeout;

    /// <summary>A client for the socket at <paramref name="socketPath"/>.</summary>
    public WireGuardUapiClient(string socketPath, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(socketPath);
        SocketPath = socketPath;
        _timeout = timeout ?? DefaultTimeout;
    }

    /// <summary>The UAPI socket this client talks to.</summary>
    public string SocketPath { get; }

    /// <summary>A client for interface <paramref name="interfaceName"/>'s socket in <paramref name="socketDirectory"/>.</summary>
    public static WireGuardUapiClient ForInterface(
        string interfaceName, string socketDirectory = DefaultSocketDirectory, TimeSpan? timeout = null)
    {
        WireGuardInterfaceName.Validate(interfaceName);
        return new WireGuardUapiClient(Path.Combine(socketDirectory, interfaceName + ".sock"), timeout);
    }

    /// <summary>Reads the device: its private key, listen port and every peer with its counters.</summary>
    public async Task<WireGuardDeviceState> GetDeviceAsync(CancellationToken cancellationToken = default)
    {
        var reply = await ExchangeAsync("get=1\n\n", "get", cancellationToken).ConfigureAwait(false);
        return reply.Device!;
    }

    /// <summary>Sets the interface's private key (base64).</summary>
    public Task SetPrivateKeyAsync(string privateKeyBase64, CancellationToken cancellationToken = default) =>
        SetAsync(new UapiSetRequest().PrivateKey(privateKeyBase64), cancellationToken);

    /// <summary>Sets the UDP port the interface listens on; 0 lets the device choose.</summary>
    public Task SetListenPortAsync(int port, CancellationToken cancellationToken = default) =>
        SetAsync(new UapiSetRequest().ListenPort(port), cancellationToken);

    /// <summary>Adds <paramref name="peer"/>, or brings an existing peer with its key to exactly this configuration.</summary>
    public Task AddOrUpdatePeerAsync(WireGuardUapiPeer peer, CancellationToken cancellationToken = default) =>
        SetAsync(new UapiSetRequest().AddOrUpdatePeer(peer), cancellationToken);

    /// <summary>Removes the peer with <paramref name="publicKeyBase64"/>; removing an absent peer succeeds.</summary>
    public Task RemovePeerAsync(string publicKeyBase64, CancellationToken cancellationToken = default) =>
        SetAsync(new UapiSetRequest().RemovePeer(publicKeyBase64), cancellationToken);

    /// <summary>Sends a composed set operation (several peers in one atomic request).</summary>
    internal async Task SetAsync(UapiSetRequest request, CancellationToken cancellationToken)
    {
        await ExchangeAsync(request.Build(), "set", cancellationToken).ConfigureAwait(false);
    }

    private async Task<UapiReply> ExchangeAsync(string request, string operation, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        string replyText;
        try
        {
            replyText = await SendAndReceiveAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WireGuardUapiException(
                $"WireGuard UAPI {operation} on {SocketPath} got no complete reply within {_timeout.TotalSeconds:0.#} s.",
                SocketPath);
        }
        catch (SocketException exception)
        {
            throw new WireGuardUapiException(
                $"Cannot reach the WireGuard UAPI socket {SocketPath} ({exception.SocketErrorCode}): is the interface " +
                "running (wireguard-go <interface>) and is this process allowed to open the socket (root)?",
                SocketPath, innerException: exception);
        }

        var reply = UapiReplyParser.Parse(replyText);
        return reply.Outcome switch
        {
            UapiReplyOutcome.Succeeded => reply,
            UapiReplyOutcome.ErrnoReported => throw new WireGuardUapiException(
                $"WireGuard UAPI {operation} on {SocketPath} failed: errno={reply.Errno} ({UapiErrno.Describe(reply.Errno)}).",
                SocketPath, reply.Errno),
            _ => throw new WireGuardUapiException(
                $"WireGuard UAPI {operation} on {SocketPath} answered something that is not a UAPI reply: {reply.Problem}.",
                SocketPath),
        };
    }

    private async Task<string> SendAndReceiveAsync(string request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, cancellationToken).ConfigureAwait(false);

        var received = new ArrayBufferWriter<byte>(ReadChunkBytes);
        while (true)
        {
            var chunk = received.GetMemory(ReadChunkBytes);
            var count = await socket.ReceiveAsync(chunk, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                // The device closed the stream; what came so far is the whole reply, and the
                // parser says whether it was complete.
                break;
            }
            // Only the newly received bytes and the one before them can complete "\n\n".
            var searchFrom = Math.Max(0, received.WrittenCount - 1);
            received.Advance(count);
            if (received.WrittenSpan[searchFrom..].IndexOf("\n\n"u8) >= 0)
            {
                break;
            }
            if (received.WrittenCount > MaximumReplyBytes)
            {
                break;
            }
        }
        return Encoding.ASCII.GetString(received.WrittenSpan);
    }
}
