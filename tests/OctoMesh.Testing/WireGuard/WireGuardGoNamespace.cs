using System.Net;
using System.Net.Sockets;
using OctoMesh.Relay.WireGuard.Os;
using OctoMesh.Testing.Namespaces;

namespace OctoMesh.Testing.WireGuard;

/// <summary>
/// The interop fixture: a fresh network namespace with wireguard-go in it, keyed and given a
/// listen port through <see cref="WireGuardUapiClient"/>, its interface addressed on the overlay
/// (e.g. 10.99.0.2/24) and up. Disposing stops wireguard-go and deletes the namespace, also
/// when the test failed half-way.
/// </summary>
public sealed class WireGuardGoNamespace : IAsyncDisposable
{
    private WireGuardGoNamespace(NetworkNamespace networkNamespace, WireGuardGoProcess device, TestKeyPair keys, IPNetwork overlay, IPAddress overlayAddress)
    {
        Namespace = networkNamespace;
        Device = device;
        Keys = keys;
        OverlayNetwork = overlay;
        OverlayAddress = overlayAddress;
    }

    public NetworkNamespace Namespace { get; }

    public WireGuardGoProcess Device { get; }

    public TestKeyPair Keys { get; }

    /// <summary>The overlay prefix routed into the interface, e.g. 10.99.0.0/24.</summary>
    public IPNetwork OverlayNetwork { get; }

    /// <summary>The interface's own overlay address, e.g. 10.99.0.2.</summary>
    public IPAddress OverlayAddress { get; }

    /// <summary>The UDP port wireguard-go listens on, inside the namespace.</summary>
    public int ListenPort { get; private set; }

    public WireGuardUapiClient Client => Device.Client;

    /// <summary>
    /// Starts wireguard-go in a new namespace with the overlay address <paramref name="overlayCidr"/>
    /// (address/prefix) on its interface, listening on <paramref name="listenPort"/> (0: any free port).
    /// </summary>
    public static async Task<WireGuardGoNamespace> StartAsync(string overlayCidr, int listenPort = 0)
    {
        var slash = overlayCidr.IndexOf('/');
        var overlayAddress = IPAddress.Parse(overlayCidr[..slash]);
        var prefixLength = int.Parse(overlayCidr[(slash + 1)..]);
        var overlay = new IPNetwork(MaskTo(overlayAddress, prefixLength), prefixLength);

        var networkNamespace = await NetworkNamespace.CreateAsync();
        WireGuardGoProcess? device = null;
        try
        {
            device = await WireGuardGoProcess.StartAsync(networkNamespace);
            var keys = TestKeyPair.Generate();
            var started = new WireGuardGoNamespace(networkNamespace, device, keys, overlay, overlayAddress);
            await device.Client.SetPrivateKeyAsync(keys.PrivateKey);
            await device.Client.SetListenPortAsync(listenPort);
            await networkNamespace.IpAsync("address", "add", overlayCidr, "dev", device.InterfaceName);
            await networkNamespace.IpAsync("link", "set", device.InterfaceName, "up");
            started.ListenPort = (await device.Client.GetDeviceAsync()).ListenPort
                ?? throw new InvalidOperationException("wireguard-go reported no listen port after set listen_port.");
            return started;
        }
        catch
        {
            if (device is not null)
            {
                await device.DisposeAsync();
            }
            await networkNamespace.DisposeAsync();
            throw;
        }
    }

    /// <summary>A UDP socket in this namespace bound to the overlay address (port 0: any).</summary>
    public Socket CreateOverlaySocket(int port = 0) => Namespace.CreateUdpSocket(new IPEndPoint(OverlayAddress, port));

    /// <summary>Runs <c>wg show &lt;iface&gt; &lt;what&gt;</c> inside the namespace: wireguard-tools' own view.</summary>
    public Task<string> WgShowAsync(string what) => Namespace.ExecAsync("wg", "show", Device.InterfaceName, what);

    public async ValueTask DisposeAsync()
    {
        await Device.DisposeAsync();
        await Namespace.DisposeAsync();
    }

    private static IPAddress MaskTo(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }
        return new IPAddress(bytes);
    }
}
