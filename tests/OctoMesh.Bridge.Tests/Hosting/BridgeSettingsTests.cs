using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Configuration;
using OctoMesh.Bridge.Hosting;
using OctoMesh.Bridge.Mesh;
using OctoMesh.Bridge.Routing;
using OctoMesh.Bridge.Signaling;
using OctoMesh.Testing.Processes;

namespace OctoMesh.Bridge.Tests.Hosting;

/// <summary>The options split by area: each area's class is bound from the switches, validated on start, and documented.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed partial class BridgeSettingsTests
{
    [Fact]
    public async Task Each_areas_options_carry_the_switches_given()
    {
        await using var app = BridgeHost.Build([
            "--urls", "http://127.0.0.1:0", "--media-port", "0", "--bridge-id", "fra-1", "--region", "eu-central",
            "--max-sdp-bytes", "2048", "--max-publisher-bitrate", "900000", "--relay-port", "0", "--grpc-port", "0",
            "--overlay-address", "10.99.0.7", "--consent-timeout", "12", "--trusted-proxies", "10.0.0.0/8", "--log-to-stderr", "true",
        ]);

        T Read<T>() where T : class => app.Services.GetRequiredService<IOptions<T>>().Value;
        Assert.Equal(("fra-1", "eu-central"), (Read<BridgeIdentityOptions>().BridgeId, Read<BridgeIdentityOptions>().Region));
        Assert.Equal((0, 12), (Read<MediaPortOptions>().MediaPort, Read<MediaPortOptions>().ConsentTimeoutSeconds));
        Assert.Equal(2048, Read<SignalingOptions>().MaxSdpBytes);
        Assert.Equal(900_000, Read<ConferenceOptions>().MaxPublisherBitrate);
        Assert.Equal((0, "10.99.0.7"), (Read<RelayWireGuardOptions>().RelayPort, Read<RelayWireGuardOptions>().OverlayAddress));
        Assert.Equal(0, Read<MeshLinkOptions>().GrpcPort);
        Assert.Equal("10.0.0.0/8", Read<RoutingOptions>().TrustedProxies);
        Assert.True(Read<HostingOptions>().LogToStandardError);
    }

    [Fact]
    public async Task An_areas_options_are_validated_when_the_host_starts()
    {
        // The bridge checks every area before it builds; the options pattern checks again for anything bound later.
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new("MaxSdpBytes", "12")]);
        ValidatedOptions.Add<SignalingOptions>(builder.Services, builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("--max-sdp-bytes must be 1024-1048576 (got 12).", error.Failures);
    }

    [Fact]
    public void The_readme_lists_every_switch_and_no_other()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryLayout.RepositoryRoot, "README.md"));
        var documented = FirstCell().Matches(readme).SelectMany(cell => Switch().Matches(cell.Groups[1].Value)).Select(m => m.Value)
            .Where(s => s != "--urls").ToHashSet(StringComparer.Ordinal);

        Assert.Equal(BridgeSettings.SwitchMappings.Keys.Order(), documented.Order());
    }

    // A table row's first cell when it names switches: | `--switch` | or | `--a`, `--b` |.
    [GeneratedRegex(@"(?m)^\| (`--[^|]*) \|")]
    private static partial Regex FirstCell();

    [GeneratedRegex("--[a-z-]+")]
    private static partial Regex Switch();
}
