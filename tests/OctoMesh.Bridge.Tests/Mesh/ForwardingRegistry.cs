using System.Net;
using OctoMesh.Geo.Discovery;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// A bridge's registry with one change on the way in: the relay endpoint it registers is a front of
/// <paramref name="forwarder"/>, so the other bridges reach its WireGuard socket only through the forwarder.
/// Everything else passes through unchanged.
/// </summary>
public sealed class ForwardingRegistry(IBridgeRegistry inner, RelayForwarder forwarder) : IBridgeRegistry
{
    public IReadOnlyList<BridgeRecord> Current => inner.Current;

    public event Action<IReadOnlyList<BridgeRecord>>? Changed
    {
        add => inner.Changed += value;
        remove => inner.Changed -= value;
    }

    public Task StartAsync(CancellationToken cancellationToken) => inner.StartAsync(cancellationToken);

    public Task RegisterAsync(BridgeRecord self, CancellationToken cancellationToken)
    {
        var front = forwarder.Expose(self.Id, IPEndPoint.Parse(self.RelayEndpoint));
        return inner.RegisterAsync(self with { RelayEndpoint = front.ToString() }, cancellationToken);
    }

    public Task UpdateAsync(double stress, bool draining, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(stress, draining, cancellationToken);

    public Task DeregisterAsync(CancellationToken cancellationToken = default) => inner.DeregisterAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
