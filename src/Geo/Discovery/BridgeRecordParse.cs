namespace OctoMesh.Geo.Discovery;

/// <summary>Outcome of reading a bridge record from outside input (a Consul answer, a registry file entry).</summary>
public readonly record struct BridgeRecordParse(BridgeRecord? Record, string? Error)
{
    public static BridgeRecordParse Ok(BridgeRecord record) => new(record, null);

    public static BridgeRecordParse Fail(string error) => new(null, error);
}
