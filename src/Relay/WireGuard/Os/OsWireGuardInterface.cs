using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OctoMesh.Relay.WireGuard.Os;

/// <summary>
/// WireGuard in os mode (DESIGN.md "Inter-bridge"): an existing interface, kernel or wireguard-go,
/// that the operator created and addressed, whose key and peers the bridge programs through the
/// UAPI socket. The relay then sends plain UDP to peers' overlay addresses and the operating
/// system encrypts it. The interface is taken to be dedicated to the mesh: a synchronization
/// removes every peer that is not in the desired set, so bridges that left the mesh (or were
/// configured by an earlier run) lose their tunnel.
/// Only the Linux/BSD UNIX-socket UAPI is written; WireGuardNT (wireguard.dll on Windows) is not.
/// </summary>
public sealed class OsWireGuardInterface
{
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _synchronizing = new(1, 1);
    // Replaced whole, never mutated after it is published, so readers need no lock.
    private volatile Dictionary<string, WireGuardUapiPeer> _desired = new(StringComparer.Ordinal);

    /// <summary>Manages <paramref name="interfaceName"/> through <paramref name="client"/>.</summary>
    public OsWireGuardInterface(string interfaceName, WireGuardUapiClient client, ILogger<OsWireGuardInterface>? logger = null)
    {
        WireGuardInterfaceName.Validate(interfaceName);
        ArgumentNullException.ThrowIfNull(client);
        InterfaceName = interfaceName;
        Client = client;
        _logger = logger ?? NullLogger<OsWireGuardInterface>.Instance;
    }

    /// <summary>Manages <paramref name="interfaceName"/> through its socket in <see cref="WireGuardUapiClient.DefaultSocketDirectory"/>.</summary>
    public static OsWireGuardInterface Open(string interfaceName, ILogger<OsWireGuardInterface>? logger = null) =>
        new(interfaceName, WireGuardUapiClient.ForInterface(interfaceName), logger);

    /// <summary>The interface's name, e.g. <c>wg-octomesh</c>.</summary>
    public string InterfaceName { get; }

    /// <summary>The UAPI client for the interface's socket.</summary>
    public WireGuardUapiClient Client { get; }

    /// <summary>
    /// Gives the interface this bridge's private key (base64) and, when not null, its listen port,
    /// in one set operation.
    /// </summary>
    public async Task ConfigureAsync(string privateKeyBase64, int? listenPort, CancellationToken cancellationToken = default)
    {
        var request = new UapiSetRequest().PrivateKey(privateKeyBase64);
        if (listenPort is { } port)
        {
            request.ListenPort(port);
        }
        await Client.SetAsync(request, cancellationToken).ConfigureAwait(false);
        OsWireGuardLog.Configured(_logger, InterfaceName, Client.SocketPath, listenPort);
    }

    /// <summary>The interface as the device reports it now.</summary>
    public Task<WireGuardDeviceState> GetStateAsync(CancellationToken cancellationToken = default) =>
        Client.GetDeviceAsync(cancellationToken);

    /// <summary>The peers this interface is kept in sync with, by base64 public key.</summary>
    public IReadOnlyCollection<WireGuardUapiPeer> DesiredPeers => _desired.Values.ToList();

    /// <summary>
    /// Makes the interface's peers exactly <paramref name="desired"/> and remembers that set:
    /// adds the missing, updates the changed, removes the rest, in one atomic set operation.
    /// Peers already as desired are left alone, so their sessions and counters survive.
    /// </summary>
    public Task<WireGuardPeerSyncResult> SynchronizePeersAsync(
        IEnumerable<WireGuardUapiPeer> desired, CancellationToken cancellationToken = default)
    {
        var wanted = IndexByKey(desired);
        return SynchronizeAsync(_ => wanted, cancellationToken);
    }

    /// <summary>A bridge appeared (or changed its endpoint or overlay): add or update its peer and synchronize.</summary>
    public Task<WireGuardPeerSyncResult> PeerAppearedAsync(WireGuardUapiPeer peer, CancellationToken cancellationToken = default)
    {
        var added = IndexByKey([peer]).Single();
        return SynchronizeAsync(
            current => new Dictionary<string, WireGuardUapiPeer>(current, StringComparer.Ordinal) { [added.Key] = added.Value },
            cancellationToken);
    }

    /// <summary>A bridge left the mesh: drop its peer (base64 public key) and synchronize.</summary>
    public Task<WireGuardPeerSyncResult> PeerLeftAsync(string publicKey, CancellationToken cancellationToken = default)
    {
        var key = NormalizeKey(publicKey, nameof(publicKey));
        return SynchronizeAsync(
            current =>
            {
                var remaining = new Dictionary<string, WireGuardUapiPeer>(current, StringComparer.Ordinal);
                remaining.Remove(key);
                return remaining;
            },
            cancellationToken);
    }

    /// <summary>
    /// Applies the remembered desired set again, e.g. after the interface was recreated or
    /// someone changed it with wg(8).
    /// </summary>
    public Task<WireGuardPeerSyncResult> ResynchronizeAsync(CancellationToken cancellationToken = default) =>
        SynchronizeAsync(current => current, cancellationToken);

    // Calls are serialized: each reads the device, diffs against the new desired set and writes one
    // set operation. The desired set is only replaced once the device accepted it.
    private async Task<WireGuardPeerSyncResult> SynchronizeAsync(
        Func<Dictionary<string, WireGuardUapiPeer>, Dictionary<string, WireGuardUapiPeer>> nextDesired,
        CancellationToken cancellationToken)
    {
        await _synchronizing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wanted = nextDesired(_desired);
            var current = await Client.GetDeviceAsync(cancellationToken).ConfigureAwait(false);
            var plan = PeerSyncPlan.Create(current, wanted);
            if (plan.Request is not null)
            {
                await Client.SetAsync(plan.Request, cancellationToken).ConfigureAwait(false);
            }
            _desired = wanted;
            foreach (var peer in plan.Added)
            {
                OsWireGuardLog.PeerAdded(_logger, InterfaceName, peer.PublicKey, string.Join(", ", peer.AllowedIps));
            }
            foreach (var peer in plan.Updated)
            {
                OsWireGuardLog.PeerUpdated(_logger, InterfaceName, peer.PublicKey, string.Join(", ", peer.AllowedIps));
            }
            foreach (var publicKey in plan.Removed)
            {
                OsWireGuardLog.PeerRemoved(_logger, InterfaceName, publicKey);
            }
            return new WireGuardPeerSyncResult(plan.Added.Count, plan.Updated.Count, plan.Removed.Count, plan.Unchanged);
        }
        catch (WireGuardUapiException exception)
        {
            OsWireGuardLog.SynchronizeFailed(_logger, InterfaceName, exception);
            throw;
        }
        finally
        {
            _synchronizing.Release();
        }
    }

    private static Dictionary<string, WireGuardUapiPeer> IndexByKey(IEnumerable<WireGuardUapiPeer> desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var wanted = new Dictionary<string, WireGuardUapiPeer>(StringComparer.Ordinal);
        foreach (var peer in desired)
        {
            ArgumentNullException.ThrowIfNull(peer, nameof(desired));
            var key = NormalizeKey(peer.PublicKey, nameof(desired));
            if (!wanted.TryAdd(key, peer with { PublicKey = key }))
            {
                throw new ArgumentException($"The desired peers list public key {key} twice.", nameof(desired));
            }
        }
        return wanted;
    }

    // Normalizes a key's spelling through the hex round trip so equal keys compare equal.
    private static string NormalizeKey(string publicKey, string parameterName) =>
        UapiKeyEncoding.TryFromHex(UapiKeyEncoding.ToHex(publicKey, parameterName))!;
}
