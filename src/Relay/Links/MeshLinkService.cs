using Grpc.Core;
using OctoMesh.Relay.V1;

namespace OctoMesh.Relay.Links;

/// <summary>
/// The server side of the mesh: <c>app.MapGrpcService&lt;MeshLinkService&gt;()</c> on an endpoint
/// configured by <see cref="MeshKestrel.ListenMesh"/>, with the bridge's <see cref="MeshNode"/>
/// registered as a singleton.
/// </summary>
public sealed class MeshLinkService(MeshNode node) : Mesh.MeshBase
{
    public override Task Link(
        IAsyncStreamReader<LinkMessage> requestStream, IServerStreamWriter<LinkMessage> responseStream, ServerCallContext context) =>
        node.AcceptAsync(requestStream, responseStream, context);
}
