namespace OctoMesh.Bridge.Mesh;

/// <summary>Where the relay of a bridge listens, once it does.</summary>
public interface IRelayEndpointInfo
{
    string RelayEndpoint { get; }
}
