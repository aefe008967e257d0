using System.Globalization;
using System.Net;

namespace OctoMesh.Relay.WireGuard.Os;

/// <summary>
/// Parses the text a UAPI socket answers (wireguard.com/xplatform, "Configuration Protocol").
/// The reply is <c>key=value</c> lines ending with <c>errno=N</c> and a blank line:
/// <code>
/// private_key=&lt;64 hex&gt;        device section
/// listen_port=51820
/// fwmark=0                       (optional)
/// public_key=&lt;64 hex&gt;         each public_key opens a peer section
/// preshared_key=&lt;64 hex&gt;      all zeros: none
/// protocol_version=1
/// endpoint=198.51.100.7:51820    IPv6 in brackets: [2001:db8::1]:51820
/// last_handshake_time_sec=...
/// last_handshake_time_nsec=...
/// tx_bytes=... rx_bytes=...
/// persistent_keepalive_interval=0
/// allowed_ip=10.99.0.2/32        repeated
/// errno=0
/// (blank line)
/// </code>
/// Keys this parser does not know are skipped, as the protocol asks of clients, so a newer
/// device still parses. The parser never throws on what the socket sent; a reply that breaks
/// the grammar comes back as <see cref="UapiReplyOutcome.Malformed"/>.
/// </summary>
internal static class UapiReplyParser
{
    public static UapiReply Parse(ReadOnlySpan<char> reply)
    {
        string? privateKey = null;
        int? listenPort = null;
        uint firewallMark = 0;
        var peers = new List<WireGuardPeerState>();
        PeerBuilder? peer = null;
        long? errno = null;

        foreach (var range in reply.Split('\n'))
        {
            var line = reply[range];
            if (line.IsEmpty)
            {
                // The blank line closes the reply; anything after it belongs to no operation.
                break;
            }
            if (errno is not null)
            {
                return UapiReply.Malformed("a line followed errno=, which must close the reply");
            }
            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                return UapiReply.Malformed($"line '{Truncate(line)}' is not key=value");
            }
            var key = line[..equals];
            var value = line[(equals + 1)..];

            if (key.SequenceEqual("errno"))
            {
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code))
                {
                    return UapiReply.Malformed($"errno '{Truncate(value)}' is not a number");
                }
                errno = code;
                continue;
            }
            if (key.SequenceEqual("public_key"))
            {
                if (peer is not null)
                {
                    peers.Add(peer.Build());
                }
                var publicKey = UapiKeyEncoding.TryFromHex(value);
                if (publicKey is null)
                {
                    return UapiReply.Malformed("public_key is not 64 hex digits");
                }
                peer = new PeerBuilder(publicKey);
                continue;
            }

            var problem = peer is null
                ? ParseDeviceLine(key, value, ref privateKey, ref listenPort, ref firewallMark)
                : peer.Apply(key, value);
            if (problem is not null)
            {
                return UapiReply.Malformed(problem);
            }
        }

        if (errno is null)
        {
            return UapiReply.Malformed("the reply has no errno= line");
        }
        if (errno != 0)
        {
            return new UapiReply(UapiReplyOutcome.ErrnoReported, errno.Value, null, null);
        }
        if (peer is not null)
        {
            peers.Add(peer.Build());
        }
        return new UapiReply(
            UapiReplyOutcome.Succeeded, 0, new WireGuardDeviceState(privateKey, listenPort, firewallMark, peers), null);
    }

    private static string? ParseDeviceLine(
        ReadOnlySpan<char> key, ReadOnlySpan<char> value, ref string? privateKey, ref int? listenPort, ref uint firewallMark)
    {
        if (key.SequenceEqual("private_key"))
        {
            if (UapiKeyEncoding.IsAllZeroHex(value))
            {
                privateKey = null;
                return null;
            }
            privateKey = UapiKeyEncoding.TryFromHex(value);
            return privateKey is null ? "private_key is not 64 hex digits" : null;
        }
        if (key.SequenceEqual("listen_port"))
        {
            if (!ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                return $"listen_port '{Truncate(value)}' is not a port";
            }
            listenPort = port;
            return null;
        }
        if (key.SequenceEqual("fwmark"))
        {
            return uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out firewallMark)
                ? null
                : $"fwmark '{Truncate(value)}' is not a number";
        }
        return null;
    }

    private static string Truncate(ReadOnlySpan<char> text) =>
        text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "...");

    /// <summary>Collects one peer section.</summary>
    private sealed class PeerBuilder(string publicKey)
    {
        private const long LatestUnixSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z, DateTimeOffset's limit
        private const long NanosecondsPerSecond = 1_000_000_000;
        private readonly List<IPNetwork> _allowedIps = [];
        private string? _presharedKey;
        private IPEndPoint? _endpoint;
        private long _handshakeSeconds;
        private long _handshakeNanoseconds;
        private long _receivedBytes;
        private long _transmittedBytes;
        private int _keepaliveSeconds;
        private int _protocolVersion = 1;

        public string? Apply(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
        {
            switch (key)
            {
                case "preshared_key":
                    if (UapiKeyEncoding.IsAllZeroHex(value))
                    {
                        _presharedKey = null;
                        return null;
                    }
                    _presharedKey = UapiKeyEncoding.TryFromHex(value);
                    return _presharedKey is null ? "preshared_key is not 64 hex digits" : null;
                case "endpoint":
                    return IPEndPoint.TryParse(value, out _endpoint) && _endpoint.Port != 0
                        ? null
                        : $"endpoint '{Truncate(value)}' is not an address:port";
                case "allowed_ip":
                    if (!IPNetwork.TryParse(value, out var network))
                    {
                        return $"allowed_ip '{Truncate(value)}' is not a prefix";
                    }
                    _allowedIps.Add(network);
                    return null;
                case "last_handshake_time_sec":
                    return ParseCount(key, value, out _handshakeSeconds) ?? (_handshakeSeconds <= LatestUnixSeconds
                        ? null
                        : "last_handshake_time_sec is past the year 9999");
                case "last_handshake_time_nsec":
                    return ParseCount(key, value, out _handshakeNanoseconds) ?? (_handshakeNanoseconds < NanosecondsPerSecond
                        ? null
                        : "last_handshake_time_nsec is not below one second");
                case "rx_bytes":
                    return ParseCount(key, value, out _receivedBytes);
                case "tx_bytes":
                    return ParseCount(key, value, out _transmittedBytes);
                case "persistent_keepalive_interval":
                    if (!ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var interval))
                    {
                        return $"persistent_keepalive_interval '{Truncate(value)}' is not 0-65535";
                    }
                    _keepaliveSeconds = interval;
                    return null;
                case "protocol_version":
                    return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _protocolVersion)
                        ? null
                        : $"protocol_version '{Truncate(value)}' is not a number";
                default:
                    return null;
            }
        }

        public WireGuardPeerState Build()
        {
            // Both zero means the peer never completed a handshake.
            DateTimeOffset? lastHandshake = _handshakeSeconds == 0 && _handshakeNanoseconds == 0
                ? null
                : DateTimeOffset.FromUnixTimeSeconds(_handshakeSeconds).AddTicks(_handshakeNanoseconds / 100);
            return new WireGuardPeerState(
                publicKey,
                _presharedKey,
                _endpoint,
                _allowedIps,
                lastHandshake,
                _receivedBytes,
                _transmittedBytes,
                TimeSpan.FromSeconds(_keepaliveSeconds),
                _protocolVersion);
        }

        private static string? ParseCount(ReadOnlySpan<char> key, ReadOnlySpan<char> value, out long count) =>
            long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count)
                ? null
                : $"{key} '{Truncate(value)}' is not a count";
    }
}
