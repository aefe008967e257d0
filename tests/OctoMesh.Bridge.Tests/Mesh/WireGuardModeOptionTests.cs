using OctoMesh.Bridge.Configuration;
using OctoMesh.Bridge.Hosting;
using OctoMesh.Bridge.Mesh;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary><c>--wireguard-mode</c> and <c>--wireguard-interface</c>: bad values stop the bridge at start-up, naming the option.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class WireGuardModeOptionTests
{
    [Theory]
    [InlineData("--wireguard-mode", "kernel")]
    [InlineData("--wireguard-interface", "../../etc/passwd")]
    [InlineData("--wireguard-interface", "a-name-longer-than-15")]
    public void Bad_wireguard_options_stop_the_bridge_naming_the_option(string option, string value)
    {
        var error = Assert.Throws<BridgeConfigurationException>(() => BridgeHost.Build(
            ["--urls", "http://127.0.0.1:0", "--media-port", "0", "--wireguard-mode", "os", option, value]));
        Assert.Contains(option, error.Message);
    }

    [Fact]
    public void Embedded_is_the_default_and_os_mode_reads_its_interface()
    {
        Assert.False(new RelayWireGuardOptions().UsesOsWireGuard);
        var options = new RelayWireGuardOptions { WireGuardMode = "os", WireGuardInterface = "wg-octomesh" };
        Assert.True(options.UsesOsWireGuard);
        Assert.Empty(options.Validate());
    }
}
