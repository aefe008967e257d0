using OctoMesh.Bridge.Conferences;
using OctoMesh.Relay.V1;

namespace OctoMesh.Bridge.Mesh;

/// <summary>The control messages a relayed endpoint sends back to its origin bridge over the link.</summary>
internal sealed class RelayUplink(MeshCoordinator coordinator, string peerId, ulong conferenceId, string endpointId) : IRelayUplink
{
    public void RequestKeyframe(SourceLayer layer) =>
        coordinator.SendTo(peerId, new LinkMessage { KeyframeRequest = new KeyframeRequest { ConferenceId = conferenceId, Ssrc = layer.Ssrc } });

    public void RequestRetransmission(SourceLayer layer, ReadOnlySpan<ushort> sequenceNumbers)
    {
        var nack = new Nack { ConferenceId = conferenceId, Ssrc = layer.Ssrc };
        foreach (var sequence in sequenceNumbers)
        {
            nack.SequenceNumbers.Add(sequence);
        }

        coordinator.SendTo(peerId, new LinkMessage { Nack = nack });
    }

    public void SubscriptionChanged(MediaSource source, bool watched)
    {
        var message = watched
            ? new LinkMessage { Subscribe = new Subscribe { ConferenceId = conferenceId, EndpointId = endpointId, Ssrc = source.Ssrc } }
            : new LinkMessage { Unsubscribe = new Unsubscribe { ConferenceId = conferenceId, EndpointId = endpointId, Ssrc = source.Ssrc } };
        coordinator.SendTo(peerId, message);
    }
}
