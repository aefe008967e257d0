using OctoMesh.Geo.Discovery;

namespace OctoMesh.Geo.Tests.Discovery;

[Trait(Tier.Name, Tier.Unit)]
public class BridgeRecordTests
{
    [Fact]
    public void A_complete_record_is_valid()
    {
        Assert.Empty(TestBridges.Sample("eu-1").Validate());
    }

    [Theory]
    [InlineData("id", "Id must be")]
    [InlineData("latitude", "Latitude must be between -90 and 90")]
    [InlineData("longitude", "Longitude must be between -180 and 180")]
    [InlineData("media", "MediaAddress must be host:port")]
    [InlineData("relay", "RelayEndpoint must be host:port")]
    [InlineData("grpc", "GrpcEndpoint must be an absolute https URL")]
    [InlineData("http", "HttpUrl must be an absolute http or https URL")]
    [InlineData("wg", "WireGuardPublicKey must be base64 of 32 bytes")]
    [InlineData("tls", "TlsCertificateSha256 must be 64 hex digits")]
    [InlineData("stress", "Stress must be a finite number >= 0")]
    [InlineData("version", "Version must be")]
    public void Each_invalid_field_is_named_in_plain_words(string field, string expected)
    {
        var good = TestBridges.Sample("eu-1");
        var bad = field switch
        {
            "id" => good with { Id = "../etc" },
            "latitude" => good with { Latitude = 91 },
            "longitude" => good with { Longitude = double.NaN },
            "media" => good with { MediaAddress = "127.0.0.1" },
            "relay" => good with { RelayEndpoint = "[::1:51820" },
            "grpc" => good with { GrpcEndpoint = new Uri("http://127.0.0.1:7443/") },
            "http" => good with { HttpUrl = new Uri("ftp://127.0.0.1/") },
            "wg" => good with { WireGuardPublicKey = Convert.ToBase64String(new byte[31]) },
            "tls" => good with { TlsCertificateSha256 = "AB:CD" },
            "stress" => good with { Stress = -1 },
            "version" => good with { Version = "" },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        var problem = Assert.Single(bad.Validate());
        Assert.StartsWith(expected, problem);
        var thrown = Assert.Throws<ArgumentException>(bad.EnsureValid);
        Assert.Contains(expected, thrown.Message);
    }

    [Theory]
    [InlineData("127.0.0.1:10000", true)]
    [InlineData("bridge.example.org:443", true)]
    [InlineData("[2001:db8::1]:51820", true)]
    [InlineData("2001:db8::1:51820", false)]
    [InlineData("host:0", false)]
    [InlineData("host:65536", false)]
    [InlineData(":80", false)]
    [InlineData("host:", false)]
    public void Host_port_follows_the_authority_syntax(string value, bool valid)
    {
        Assert.Equal(valid, HostPort.IsValid(value));
    }

    [Fact]
    public void Same_advertisement_ignores_last_seen_only()
    {
        var a = TestBridges.Sample("eu-1") with { LastSeen = DateTimeOffset.UnixEpoch };
        Assert.True(a.SameAdvertisement(a with { LastSeen = DateTimeOffset.UtcNow }));
        Assert.False(a.SameAdvertisement(a with { Stress = 0.9 }));
    }
}
