using System.Globalization;

namespace OctoMesh.Geo.Discovery;

/// <summary>
/// How a <see cref="BridgeRecord"/> travels through Consul: the advertisement in the service's
/// <c>Meta</c> (Consul limits: at most 64 pairs, keys of letters, digits, '_' and '-' up to 128
/// characters not starting with "consul-", values up to 512 characters), the stress in the TTL
/// check's <c>Output</c> as <c>stress=0.123</c>, health from Consul's <c>?passing</c> filter.
/// </summary>
internal static class ConsulServiceMapping
{
    public const string MetaRegion = "region";
    public const string MetaLatitude = "latitude";
    public const string MetaLongitude = "longitude";
    public const string MetaVersion = "version";
    public const string MetaHttpUrl = "http_url";
    public const string MetaMediaAddress = "media_address";
    public const string MetaRelayEndpoint = "relay_endpoint";
    public const string MetaGrpcEndpoint = "grpc_endpoint";
    public const string MetaWireGuardPublicKey = "wireguard_public_key";
    public const string MetaOverlayAddress = "overlay_address";
    public const string MetaTlsCertificateSha256 = "tls_certificate_sha256";
    public const string MetaDraining = "draining";

    /// <summary>Consul's own limits on service metadata (agent/structs: metaKeyMaxLength, metaValueMaxLength).</summary>
    public const int MetaKeyMaxLength = 128;
    public const int MetaValueMaxLength = 512;

    private const string StressPrefix = "stress=";

    /// <summary>Tag every OctoMesh bridge carries, so <c>consul catalog services -tags</c> shows it.</summary>
    public const string BridgeTag = "octomesh-bridge";

    /// <summary>The TTL check id: Consul's own default for a service's single check.</summary>
    public static string CheckId(string serviceId) => "service:" + serviceId;

    public static ConsulServiceRegistration ToRegistration(BridgeRecord self, ConsulRegistryOptions options)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MetaRegion] = self.Region,
            [MetaLatitude] = self.Latitude.ToString("R", CultureInfo.InvariantCulture),
            [MetaLongitude] = self.Longitude.ToString("R", CultureInfo.InvariantCulture),
            [MetaVersion] = self.Version,
            [MetaHttpUrl] = self.HttpUrl.AbsoluteUri,
            [MetaMediaAddress] = self.MediaAddress,
            [MetaRelayEndpoint] = self.RelayEndpoint,
            [MetaGrpcEndpoint] = self.GrpcEndpoint.AbsoluteUri,
            [MetaWireGuardPublicKey] = self.WireGuardPublicKey,
            [MetaOverlayAddress] = self.OverlayAddress ?? "",
            [MetaTlsCertificateSha256] = self.TlsCertificateSha256.ToLowerInvariant(),
            [MetaDraining] = self.Draining ? "true" : "false",
        };
        foreach (var (key, value) in meta)
        {
            if (value.Length > MetaValueMaxLength)
            {
                throw new ArgumentException($"Bridge '{self.Id}': {key} is {value.Length} characters, Consul accepts at most {MetaValueMaxLength}.");
            }
        }
        return new ConsulServiceRegistration
        {
            Id = self.Id,
            Name = options.ServiceName,
            Tags = [BridgeTag, self.Region],
            Address = self.HttpUrl.Host,
            Port = self.HttpUrl.Port,
            Meta = meta,
            Check = new ConsulTtlCheckDefinition
            {
                CheckId = CheckId(self.Id),
                Name = "OctoMesh bridge heartbeat",
                Ttl = GoDuration.Format(options.CheckTtl),
                Status = "passing",
                Notes = "Refreshed by the bridge every few seconds; Output carries its stress.",
                DeregisterCriticalServiceAfter = GoDuration.Format(options.DeregisterCriticalServiceAfter),
            },
        };
    }

    public static string StressOutput(double stress) => StressPrefix + stress.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Reads one health entry back into a record; hostile or foreign entries yield an error, never an exception.</summary>
    public static BridgeRecordParse FromEntry(ConsulServiceEntry entry, DateTimeOffset seenAt)
    {
        var service = entry.Service;
        if (service?.Id is null || service.Meta is null)
        {
            return BridgeRecordParse.Fail("entry without a service id or Meta");
        }
        var meta = service.Meta;
        string? Get(string key) => meta.TryGetValue(key, out var v) ? v : null;

        if (!double.TryParse(Get(MetaLatitude), NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
            || !double.TryParse(Get(MetaLongitude), NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude))
        {
            return BridgeRecordParse.Fail($"service '{service.Id}': Meta latitude/longitude missing or not numbers");
        }
        if (!Uri.TryCreate(Get(MetaHttpUrl), UriKind.Absolute, out var httpUrl)
            || !Uri.TryCreate(Get(MetaGrpcEndpoint), UriKind.Absolute, out var grpc))
        {
            return BridgeRecordParse.Fail($"service '{service.Id}': Meta http_url/grpc_endpoint missing or not absolute URLs");
        }
        var check = entry.Checks?.FirstOrDefault(c => c.CheckId == CheckId(service.Id));
        var record = new BridgeRecord
        {
            Id = service.Id,
            Region = Get(MetaRegion) ?? "",
            Latitude = latitude,
            Longitude = longitude,
            Version = Get(MetaVersion) ?? "",
            HttpUrl = httpUrl,
            MediaAddress = Get(MetaMediaAddress) ?? "",
            RelayEndpoint = Get(MetaRelayEndpoint) ?? "",
            GrpcEndpoint = grpc,
            WireGuardPublicKey = Get(MetaWireGuardPublicKey) ?? "",
            OverlayAddress = Get(MetaOverlayAddress) is { Length: > 0 } overlay ? overlay : null,
            TlsCertificateSha256 = Get(MetaTlsCertificateSha256) ?? "",
            Draining = Get(MetaDraining) == "true",
            Stress = ParseStress(check?.Output),
            Healthy = check is null || check.Status == "passing",
            LastSeen = seenAt,
        };
        var problems = record.Validate();
        return problems.Count == 0
            ? BridgeRecordParse.Ok(record)
            : BridgeRecordParse.Fail($"service '{service.Id}': {string.Join(" ", problems)}");
    }

    /// <summary>Reads <c>stress=0.12</c>; anything else (a fresh or foreign check) counts as 0.</summary>
    public static double ParseStress(string? output)
    {
        if (output is null || !output.StartsWith(StressPrefix, StringComparison.Ordinal))
        {
            return 0;
        }
        var end = output.IndexOfAny([';', ' ', '\n'], StressPrefix.Length);
        var number = end < 0 ? output.AsSpan(StressPrefix.Length) : output.AsSpan(StressPrefix.Length, end - StressPrefix.Length);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var stress) && double.IsFinite(stress) && stress >= 0
            ? stress
            : 0;
    }
}
