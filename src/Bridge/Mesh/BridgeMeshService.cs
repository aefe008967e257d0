using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OctoMesh.Bridge.Configuration;
using OctoMesh.Geo.Discovery;
using OctoMesh.Media.Transport;
using OctoMesh.Relay.Links;
using OctoMesh.Relay.DataPlane;

namespace OctoMesh.Bridge.Mesh;

/// <summary>
/// The composition root's glue between discovery and the relay (DESIGN.md: "the Bridge's
/// composition root wires the registry's view of peers into the relay"): registers this bridge once
/// it listens, keeps WireGuard peers and gRPC links in step with the registry, and reports stress.
/// On shutdown it leaves the mesh first (<see cref="StoppingAsync"/>, before the server stops): the
/// server waits for open requests, and the accepted <c>Link</c> streams would otherwise keep it waiting
/// for its whole shutdown timeout while peers still see this bridge's people.
/// </summary>
public sealed partial class BridgeMeshService(
    IBridgeRegistry registry,
    MeshNode node,
    MeshCoordinator coordinator,
    RelayDataPlane dataPlane,
    MediaServer media,
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<BridgeIdentityOptions> identity,
    IOptions<MediaPortOptions> mediaPort,
    IOptions<RelayWireGuardOptions> wireGuard,
    ILogger<BridgeMeshService> logger) : IHostedLifecycleService
{
    private const double SessionsAtFullStress = 500;
    private static readonly TimeSpan StressInterval = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, RelayTransportPeer> _wireGuardPeerById = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _stressLoop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        coordinator.Node = node;
        registry.Changed += SyncPeers;
        await registry.StartAsync(cancellationToken);
        lifetime.ApplicationStarted.Register(() => _ = RegisterAsync());
    }

    private async Task RegisterAsync()
    {
        try
        {
            await registry.RegisterAsync(DescribeSelf(), _stopping.Token);
            SyncPeers(registry.Current);
            _stressLoop = ReportStressAsync(_stopping.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RegistrationFailed(logger, ex);
        }
    }

    private BridgeRecord DescribeSelf()
    {
        var value = identity.Value;
        var addresses = server.Features.Get<IServerAddressesFeature>()!.Addresses;
        var http = value.PublicUrl ?? addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal));
        var grpc = addresses.First(a => a.StartsWith("https://", StringComparison.Ordinal));
        var advertised = mediaPort.Value.AdvertisedAddresses()[0];
        return new BridgeRecord
        {
            Id = value.BridgeId,
            Region = value.Region,
            Latitude = value.Latitude,
            Longitude = value.Longitude,
            Version = BridgeVersion.Current,
            HttpUrl = new Uri(http),
            MediaAddress = $"{advertised}:{media.LocalPort}",
            RelayEndpoint = node.Identity.RelayEndpoint,
            GrpcEndpoint = new Uri(grpc),
            WireGuardPublicKey = dataPlane.Transport.PublicKey,
            TlsCertificateSha256 = node.Identity.CertificateSha256,
            OverlayAddress = wireGuard.Value.OverlayAddress,
        };
    }

    private void SyncPeers(IReadOnlyList<BridgeRecord> records)
    {
        var self = identity.Value.BridgeId;
        var peers = new List<MeshPeer>();
        lock (_lock)
        {
            var live = new HashSet<string>(StringComparer.Ordinal);
            foreach (var record in records)
            {
                if (record.Id == self || !record.Healthy || record.OverlayAddress is null
                    || !IPAddress.TryParse(record.OverlayAddress, out var overlay) || !IPEndPoint.TryParse(record.RelayEndpoint, out var relay))
                {
                    continue;
                }

                live.Add(record.Id);
                var wanted = new RelayTransportPeer(record.WireGuardPublicKey, relay, overlay);
                if (!_wireGuardPeerById.TryGetValue(record.Id, out var known) || known.PublicKey != wanted.PublicKey)
                {
                    if (known is not null)
                    {
                        dataPlane.Transport.RemovePeer(known);
                    }

                    dataPlane.Transport.AddPeer(wanted);
                    _wireGuardPeerById[record.Id] = wanted;
                }

                dataPlane.SetPeer(record.Id, overlay);
                peers.Add(new MeshPeer(record.Id, record.Region, record.GrpcEndpoint, record.TlsCertificateSha256,
                    record.RelayEndpoint, record.WireGuardPublicKey, record.OverlayAddress));
            }

            foreach (var gone in _wireGuardPeerById.Keys.Where(id => !live.Contains(id)).ToList())
            {
                dataPlane.Transport.RemovePeer(_wireGuardPeerById[gone]);
                dataPlane.RemovePeer(gone);
                _wireGuardPeerById.Remove(gone);
            }
        }

        node.UpdatePeers(peers);
    }

    private async Task ReportStressAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(StressInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await registry.UpdateAsync(media.TransportCount / SessionsAtFullStress, draining: false, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            Log.StressReportFailed(logger, ex);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Runs before any hosted service (the web server included) stops: deregister, so peers drop this
    /// bridge at once, and close every link, so the server's request drain does not wait on them.
    /// </summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        registry.Changed -= SyncPeers;
        await _stopping.CancelAsync();
        try
        {
            await registry.DeregisterAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.DeregistrationFailed(logger, ex);
        }

        await node.DisposeAsync();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await registry.StopAsync(cancellationToken);
        if (_stressLoop is not null)
        {
            await _stressLoop;
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(60, LogLevel.Error, "Mesh: could not register this bridge")]
        public static partial void RegistrationFailed(ILogger logger, Exception exception);

        [LoggerMessage(61, LogLevel.Warning, "Mesh: could not report stress to the registry")]
        public static partial void StressReportFailed(ILogger logger, Exception exception);

        [LoggerMessage(62, LogLevel.Warning, "Mesh: could not deregister this bridge")]
        public static partial void DeregistrationFailed(ILogger logger, Exception exception);
    }
}
