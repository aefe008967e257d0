namespace OctoMesh.Geo.Discovery;

/// <summary>One element of the registry file's <c>bridges</c> array (see <see cref="EmbeddedBridgeRegistry"/> for the format).</summary>
internal sealed class BridgeFileEntry
{
    public string? Id { get; set; }
    public string? Region { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? Version { get; set; }
    public string? HttpUrl { get; set; }
    public string? MediaAddress { get; set; }
    public string? RelayEndpoint { get; set; }
    public string? GrpcEndpoint { get; set; }
    public string? WireGuardPublicKey { get; set; }

    public string? OverlayAddress { get; set; }
    public string? TlsCertificateSha256 { get; set; }
    public bool Draining { get; set; }
    public double Stress { get; set; }

    /// <summary>Absent for a hand-written static entry, which is always listed.</summary>
    public DateTimeOffset? LastSeen { get; set; }

    public static BridgeFileEntry From(BridgeRecord record) => new()
    {
        Id = record.Id,
        Region = record.Region,
        Latitude = record.Latitude,
        Longitude = record.Longitude,
        Version = record.Version,
        HttpUrl = record.HttpUrl.OriginalString,
        MediaAddress = record.MediaAddress,
        RelayEndpoint = record.RelayEndpoint,
        GrpcEndpoint = record.GrpcEndpoint.OriginalString,
        WireGuardPublicKey = record.WireGuardPublicKey,
        OverlayAddress = record.OverlayAddress,
        TlsCertificateSha256 = record.TlsCertificateSha256,
        Draining = record.Draining,
        Stress = record.Stress,
        LastSeen = record.LastSeen == default ? null : record.LastSeen,
    };

    public BridgeRecordParse ToRecord(int position)
    {
        if (Id is null || Latitude is null || Longitude is null
            || !Uri.TryCreate(HttpUrl, UriKind.Absolute, out var httpUrl)
            || !Uri.TryCreate(GrpcEndpoint, UriKind.Absolute, out var grpc))
        {
            return BridgeRecordParse.Fail($"bridges[{position}] ('{Id}'): id, latitude, longitude, httpUrl and grpcEndpoint are required (URLs absolute)");
        }
        var record = new BridgeRecord
        {
            Id = Id,
            Region = Region ?? "",
            Latitude = Latitude.Value,
            Longitude = Longitude.Value,
            Version = Version ?? "",
            HttpUrl = httpUrl,
            MediaAddress = MediaAddress ?? "",
            RelayEndpoint = RelayEndpoint ?? "",
            GrpcEndpoint = grpc,
            WireGuardPublicKey = WireGuardPublicKey ?? "",
            OverlayAddress = OverlayAddress,
            TlsCertificateSha256 = TlsCertificateSha256 ?? "",
            Draining = Draining,
            Stress = Stress,
            LastSeen = LastSeen ?? default,
        };
        var problems = record.Validate();
        return problems.Count == 0
            ? BridgeRecordParse.Ok(record)
            : BridgeRecordParse.Fail($"bridges[{position}] ('{Id}'): {string.Join(" ", problems)}");
    }
}
