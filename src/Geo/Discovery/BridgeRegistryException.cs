namespace OctoMesh.Geo.Discovery;

/// <summary>
/// The registry refused a request in a way retrying cannot fix (an ACL token without permission,
/// a registration Consul rejects as malformed): a configuration error to report at start-up.
/// </summary>
public sealed class BridgeRegistryException(string message) : Exception(message);
