using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace OctoMesh.Relay.Tests.Interop;

/// <summary>
/// A UNIX-socket server that answers the cross-platform UAPI as wireguard.com/xplatform documents
/// it, over a tiny in-memory device: <c>get=1</c> lists the device and its peers (with fixed
/// counters and handshake time), <c>set=1</c> applies device and peer keys, a malformed key
/// answers <c>errno=-22</c> and an unknown operation <c>errno=-71</c>, as wireguard-go does.
/// Tests can replace the reply to provoke protocol violations. Every request is recorded.
/// </summary>
internal sealed class FakeUapiDevice : IAsyncDisposable
{
    public const long ReceivedBytes = 1234;
    public const long TransmittedBytes = 5678;
    public const long HandshakeSeconds = 1_700_000_000;
    public const long HandshakeNanoseconds = 500_000_000;

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _serving;
    private readonly List<string> _requests = [];
    private readonly Dictionary<string, FakePeer> _peers = new(StringComparer.Ordinal);
    private readonly List<string> _peerOrder = [];
    private string? _privateKeyHex;
    private int _listenPort = 51820;

    private FakeUapiDevice()
    {
        SocketPath = Path.Combine(Path.GetTempPath(), "om-uapi-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + ".sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen();
        _serving = ServeAsync();
    }

    public string SocketPath { get; }

    /// <summary>When set, answers a request with the text it returns instead of the device's reply; null lets the device answer.</summary>
    public Func<string, string?>? ReplyOverride { get; set; }

    /// <summary>When true, the device reads the request and closes the connection without a word.</summary>
    public bool CloseWithoutReply { get; set; }

    /// <summary>When true, the device reads the request and never answers.</summary>
    public bool Silent { get; set; }

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public static FakeUapiDevice Start() => new();

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            _ = AnswerAsync(connection);
        }
    }

    private async Task AnswerAsync(Socket connection)
    {
        using (connection)
        {
            var request = await ReadRequestAsync(connection);
            lock (_requests)
            {
                _requests.Add(request);
            }
            if (Silent)
            {
                await Task.Delay(Timeout.Infinite, _stopping.Token).ContinueWith(_ => { });
                return;
            }
            if (!CloseWithoutReply)
            {
                var reply = ReplyOverride?.Invoke(request) ?? Handle(request);
                await connection.SendAsync(Encoding.ASCII.GetBytes(reply), SocketFlags.None);
            }
            connection.Shutdown(SocketShutdown.Both);
        }
    }

    private static async Task<string> ReadRequestAsync(Socket connection)
    {
        var text = new StringBuilder();
        var buffer = new byte[1024];
        while (!text.ToString().Contains("\n\n", StringComparison.Ordinal))
        {
            var count = await connection.ReceiveAsync(buffer, SocketFlags.None);
            if (count == 0)
            {
                break;
            }
            text.Append(Encoding.ASCII.GetString(buffer, 0, count));
        }
        return text.ToString();
    }

    private string Handle(string request)
    {
        lock (_peers)
        {
            if (request == "get=1\n\n")
            {
                return Get();
            }
            if (request.StartsWith("set=1\n", StringComparison.Ordinal))
            {
                return $"errno={Set(request["set=1\n".Length..])}\n\n";
            }
            return "errno=-71\n\n";
        }
    }

    private string Get()
    {
        var reply = new StringBuilder();
        if (_privateKeyHex is not null)
        {
            reply.Append("private_key=").Append(_privateKeyHex).Append('\n');
        }
        reply.Append("listen_port=").Append(_listenPort.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var key in _peerOrder)
        {
            var peer = _peers[key];
            reply.Append("public_key=").Append(key).Append('\n');
            reply.Append("preshared_key=").Append(peer.PresharedKeyHex ?? new string('0', 64)).Append('\n');
            reply.Append("protocol_version=1\n");
            if (peer.Endpoint is not null)
            {
                reply.Append("endpoint=").Append(peer.Endpoint).Append('\n');
            }
            reply.Append(CultureInfo.InvariantCulture, $"last_handshake_time_sec={HandshakeSeconds}\n");
            reply.Append(CultureInfo.InvariantCulture, $"last_handshake_time_nsec={HandshakeNanoseconds}\n");
            reply.Append(CultureInfo.InvariantCulture, $"tx_bytes={TransmittedBytes}\nrx_bytes={ReceivedBytes}\n");
            reply.Append("persistent_keepalive_interval=").Append(peer.KeepaliveSeconds).Append('\n');
            foreach (var allowed in peer.AllowedIps)
            {
                reply.Append("allowed_ip=").Append(allowed).Append('\n');
            }
        }
        reply.Append("errno=0\n\n");
        return reply.ToString();
    }

    private int Set(string body)
    {
        FakePeer? peer = null;
        string? peerKey = null;
        foreach (var line in body.Split('\n'))
        {
            if (line.Length == 0)
            {
                break;
            }
            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                return -71;
            }
            var (key, value) = (line[..equals], line[(equals + 1)..]);
            switch (key)
            {
                case "private_key" when peer is null:
                    if (!IsHexKey(value))
                    {
                        return -22;
                    }
                    _privateKeyHex = value;
                    break;
                case "listen_port" when peer is null:
                    if (!int.TryParse(value, CultureInfo.InvariantCulture, out _listenPort))
                    {
                        return -22;
                    }
                    break;
                case "public_key":
                    if (!IsHexKey(value))
                    {
                        return -22;
                    }
                    peerKey = value;
                    if (!_peers.TryGetValue(value, out peer))
                    {
                        peer = new FakePeer();
                        _peers[value] = peer;
                        _peerOrder.Add(value);
                    }
                    break;
                case "remove" when peer is not null && value == "true":
                    _peers.Remove(peerKey!);
                    _peerOrder.Remove(peerKey!);
                    break;
                case "preshared_key" when peer is not null:
                    if (!IsHexKey(value))
                    {
                        return -22;
                    }
                    peer.PresharedKeyHex = value.All(c => c == '0') ? null : value;
                    break;
                case "endpoint" when peer is not null:
                    peer.Endpoint = value;
                    break;
                case "persistent_keepalive_interval" when peer is not null:
                    peer.KeepaliveSeconds = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "replace_allowed_ips" when peer is not null && value == "true":
                    peer.AllowedIps.Clear();
                    break;
                case "allowed_ip" when peer is not null:
                    peer.AllowedIps.Add(value);
                    break;
                default:
                    return -22;
            }
        }
        return 0;
    }

    private static bool IsHexKey(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigitLower);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await _serving;
        File.Delete(SocketPath);
    }

    private sealed class FakePeer
    {
        public string? PresharedKeyHex { get; set; }
        public string? Endpoint { get; set; }
        public int KeepaliveSeconds { get; set; }
        public List<string> AllowedIps { get; } = [];
    }
}
