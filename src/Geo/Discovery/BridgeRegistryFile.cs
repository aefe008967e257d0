namespace OctoMesh.Geo.Discovery;

/// <summary>The registry file's root object: <c>{"bridges":[...]}</c>.</summary>
internal sealed class BridgeRegistryFile
{
    public List<BridgeFileEntry>? Bridges { get; set; }
}
