using OctoMesh.Relay.Links;
using OctoMesh.Relay.V1;

namespace OctoMesh.Relay.Tests.Links;

/// <summary>
/// An <see cref="IMeshHandler"/> that records every callback and lets a test await one
/// (TaskCompletionSource, with a deadline) instead of sleeping.
/// </summary>
public sealed class RecordingMeshHandler : IMeshHandler
{
    private readonly Lock _gate = new();
    private readonly List<MeshEvent> _events = [];
    private readonly List<Waiter> _waiters = [];

    public IReadOnlyList<MeshEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public void OnPeerUp(string peerId, Hello hello) => Record(new MeshEvent(MeshEventKind.PeerUp, peerId, DateTime.UtcNow, Hello: hello));

    public void OnPeerDown(string peerId, string reason) =>
        Record(new MeshEvent(MeshEventKind.PeerDown, peerId, DateTime.UtcNow, Reason: reason));

    public void OnMessage(string peerId, LinkMessage message) =>
        Record(new MeshEvent(MeshEventKind.Message, peerId, DateTime.UtcNow, Message: message));

    public int Count(MeshEventKind kind, string peerId) =>
        Events.Count(e => e.Kind == kind && e.PeerId == peerId);

    /// <summary>
    /// The <paramref name="occurrence"/>-th event (1-based, counting already recorded ones) that
    /// matches; fails the test with the history if it does not come within <paramref name="timeout"/>.
    /// </summary>
    public async Task<MeshEvent> WaitForAsync(
        Func<MeshEvent, bool> match, string description, TimeSpan timeout, int occurrence = 1)
    {
        Waiter waiter;
        lock (_gate)
        {
            var matches = _events.Where(match).ToList();
            if (matches.Count >= occurrence)
            {
                return matches[occurrence - 1];
            }
            waiter = new Waiter(match, occurrence - matches.Count);
            _waiters.Add(waiter);
        }
        try
        {
            return await waiter.Done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException(
                $"Timed out after {timeout.TotalSeconds:0.#} s waiting for {description}. Events so far:{Environment.NewLine}"
                + string.Join(Environment.NewLine, Events));
        }
    }

    public Task<MeshEvent> WaitForPeerUpAsync(string peerId, TimeSpan timeout, int occurrence = 1) =>
        WaitForAsync(e => e.Kind == MeshEventKind.PeerUp && e.PeerId == peerId, $"PeerUp #{occurrence} of {peerId}", timeout, occurrence);

    public Task<MeshEvent> WaitForPeerDownAsync(string peerId, TimeSpan timeout, int occurrence = 1) =>
        WaitForAsync(e => e.Kind == MeshEventKind.PeerDown && e.PeerId == peerId, $"PeerDown #{occurrence} of {peerId}", timeout, occurrence);

    private void Record(MeshEvent meshEvent)
    {
        lock (_gate)
        {
            _events.Add(meshEvent);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var waiter = _waiters[i];
                if (waiter.Match(meshEvent) && --waiter.Remaining == 0)
                {
                    _waiters.RemoveAt(i);
                    waiter.Done.TrySetResult(meshEvent);
                }
            }
        }
    }

    private sealed class Waiter(Func<MeshEvent, bool> match, int remaining)
    {
        public Func<MeshEvent, bool> Match { get; } = match;

        public int Remaining { get; set; } = remaining;

        public TaskCompletionSource<MeshEvent> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
