using OctoMesh.Bridge.Conferences;
using OctoMesh.Relay.Frames;
using OctoMesh.Relay.DataPlane;

namespace OctoMesh.Bridge.Mesh;

/// <summary>A remote bridge subscribed to local sources of one endpoint: each packet is framed and sent to it once.</summary>
internal sealed class RelayPeerSink(string peerId, ulong conferenceId, uint endpointNumber, RelayDataPlane dataPlane) : IRelaySink
{
    public string PeerId { get; } = peerId;

    public void ForwardRtp(MediaSource source, ReadOnlySpan<byte> packet) =>
        dataPlane.Send(PeerId, RelayFrameKind.Rtp, conferenceId, endpointNumber, packet);

    public void ForwardRtcp(MediaSource source, ReadOnlySpan<byte> packet) =>
        dataPlane.Send(PeerId, RelayFrameKind.Rtcp, conferenceId, endpointNumber, packet);
}
