using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OctoMesh.Relay.WireGuard.Os;

/// <summary>
/// Writes the body of a UAPI <c>set=1</c> operation (wireguard.com/xplatform):
/// <code>
/// set=1
/// private_key=&lt;64 hex&gt;          device keys first
/// listen_port=51820
/// public_key=&lt;64 hex&gt;           opens (or creates) a peer; the keys below apply to it
/// remove=true                      ... or update it:
/// preshared_key=&lt;64 hex&gt;
/// endpoint=198.51.100.7:51820
/// persistent_keepalive_interval=25
/// replace_allowed_ips=true
/// allowed_ip=10.99.0.2/32
/// (blank line ends the operation)
/// </code>
/// Every value is formatted here from typed input (hex keys, numbers, addresses), so nothing the
/// caller passes can smuggle a newline into the text.
/// </summary>
internal sealed class UapiSetRequest
{
    private readonly StringBuilder _text = new("set=1\n");
    private bool _peerOpened;

    public UapiSetRequest PrivateKey(string base64Key)
    {
        RequireDeviceSection();
        return Line("private_key", UapiKeyEncoding.ToHex(base64Key, nameof(base64Key)));
    }

    public UapiSetRequest ListenPort(int port)
    {
        RequireDeviceSection();
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, ushort.MaxValue);
        return Line("listen_port", port.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Adds or updates <paramref name="peer"/>: its allowed IPs replace whatever the device had,
    /// a null preshared key clears the old one, a null keepalive disables keepalives, and a null
    /// endpoint leaves the device's current one (it may have roamed).
    /// </summary>
    public UapiSetRequest AddOrUpdatePeer(WireGuardUapiPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        OpenPeer(peer.PublicKey);
        Line("preshared_key", peer.PresharedKey is null
            ? UapiKeyEncoding.ZeroKeyHex
            : UapiKeyEncoding.ToHex(peer.PresharedKey, nameof(peer.PresharedKey)));
        if (peer.Endpoint is not null)
        {
            Line("endpoint", FormatEndpoint(peer.Endpoint));
        }
        Line("persistent_keepalive_interval", KeepaliveSeconds(peer.PersistentKeepalive).ToString(CultureInfo.InvariantCulture));
        Line("replace_allowed_ips", "true");
        foreach (var network in peer.AllowedIps)
        {
            Line("allowed_ip", network.ToString());
        }
        return this;
    }

    public UapiSetRequest RemovePeer(string publicKeyBase64)
    {
        OpenPeer(publicKeyBase64);
        return Line("remove", "true");
    }

    /// <summary>The text to write to the socket, blank line included.</summary>
    public string Build() => _text.ToString() + "\n";

    /// <summary>IPv6 endpoints are bracketed, as the UAPI and wg(8) write them.</summary>
    public static string FormatEndpoint(IPEndPoint endpoint) =>
        endpoint.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{endpoint.Address}]:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";

    public static int KeepaliveSeconds(TimeSpan? keepalive)
    {
        if (keepalive is not { } interval || interval <= TimeSpan.Zero)
        {
            return 0;
        }
        var seconds = (int)Math.Ceiling(interval.TotalSeconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, ushort.MaxValue, nameof(keepalive));
        return seconds;
    }

    private void OpenPeer(string publicKeyBase64)
    {
        Line("public_key", UapiKeyEncoding.ToHex(publicKeyBase64, nameof(publicKeyBase64)));
        _peerOpened = true;
    }

    // The protocol reads device keys only before the first public_key.
    private void RequireDeviceSection()
    {
        if (_peerOpened)
        {
            throw new InvalidOperationException("Device keys must come before the first peer in a set operation.");
        }
    }

    private UapiSetRequest Line(string key, string value)
    {
        _text.Append(key).Append('=').Append(value).Append('\n');
        return this;
    }
}
