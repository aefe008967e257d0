using System.Collections;
using Microsoft.Extensions.Configuration;
using OctoMesh.Bridge.Configuration;
using OctoMesh.Bridge.Hosting;

namespace OctoMesh.Bridge.Tests.Hosting;

/// <summary>A mistyped switch or OCTOMESH_ variable stops the bridge and names the option meant, instead of being ignored.</summary>
[Trait(Tier.Name, Tier.Unit)]
public class UnknownOptionsTests
{
    private static readonly Hashtable NoEnvironment = [];

    [Fact]
    public void A_mistyped_switch_stops_the_bridge_naming_the_nearest_known_one()
    {
        var error = Assert.Throws<BridgeConfigurationException>(() => BridgeHost.Build(
            ["--urls", "http://127.0.0.1:0", "--media-port", "0", "--consul-tokne", "secret"]));

        var problem = Assert.Single(error.Errors);
        Assert.Equal("Unknown option '--consul-tokne': did you mean '--consul-token'?", problem);
    }

    [Theory]
    [InlineData("--media-port", "0")]
    [InlineData("--MediaPort", "0")]
    [InlineData("--urls", "http://127.0.0.1:0")]
    [InlineData("--contentRoot", "/tmp")]
    [InlineData("--Logging:LogLevel:Default", "Warning")]
    [InlineData("/region", "eu")]
    public void Known_switches_and_host_keys_pass(string name, string value)
    {
        Assert.Empty(UnknownOptions.Find([name, value], NoEnvironment));
        Assert.Empty(UnknownOptions.Find([$"{name}={value}"], NoEnvironment));
    }

    [Fact]
    public void A_value_is_never_read_as_a_switch()
    {
        Assert.Empty(UnknownOptions.Find(["--registry", "/tmp/bridges.json", "--latitude", "-33.9", "region=eu"], NoEnvironment));
    }

    [Fact]
    public void Every_unknown_switch_is_named_once_with_or_without_a_suggestion()
    {
        var problems = UnknownOptions.Find(["--media-prot", "0", "--region", "eu", "--frobnicate-widgets=3", "auth-kye=x"], NoEnvironment);

        Assert.Equal(
        [
            "Unknown option '--media-prot': did you mean '--media-port'?",
            "Unknown option '--frobnicate-widgets' (the README lists every option).",
            "Unknown option '--auth-kye' (the README lists every option).",
        ], problems);
    }

    [Fact]
    public void Environment_variables_under_the_prefix_are_checked_and_others_ignored()
    {
        var environment = new Hashtable
        {
            ["OCTOMESH_MediaReceiveThreads"] = "2",
            ["OCTOMESH_Logging__LogLevel__Default"] = "Warning",
            ["OCTOMESH_MediaRecieveThreads"] = "2",
            ["PATH"] = "/usr/bin",
        };

        var problem = Assert.Single(UnknownOptions.Find([], environment));

        Assert.Equal("Unknown environment variable 'OCTOMESH_MediaRecieveThreads': did you mean 'OCTOMESH_MediaReceiveThreads'?", problem);
    }

    [Fact]
    public void A_mistyped_key_in_appsettings_stops_the_bridge_naming_the_file_and_the_nearest_key()
    {
        var directory = Directory.CreateTempSubdirectory("octomesh-settings-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "appsettings.json"),
                """{ "Logging": { "LogLevel": { "Default": "Warning" } }, "MediaPort": 0, "MediaRecieveThreads": 2 }""");

            var error = Assert.Throws<BridgeConfigurationException>(() => BridgeHost.Build(
                ["--contentRoot", directory.FullName, "--urls", "http://127.0.0.1:0"]));

            var problem = Assert.Single(error.Errors);
            Assert.Equal("Unknown setting 'MediaRecieveThreads' in appsettings.json: did you mean 'MediaReceiveThreads'?", problem);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Known_keys_and_host_sections_in_a_settings_file_pass_and_other_sources_are_not_read_as_files()
    {
        var directory = Directory.CreateTempSubdirectory("octomesh-settings-");
        try
        {
            var file = Path.Combine(directory.FullName, "appsettings.Production.json");
            File.WriteAllText(file, """{ "Kestrel": { "Limits": {} }, "AllowedHosts": "*", "region": "eu", "MediaPort": 5000 }""");
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(file)
                .AddInMemoryCollection(new Dictionary<string, string?> { ["NotABridgeKey"] = "x" })
                .Build();

            Assert.Empty(UnknownOptions.FindInFiles(configuration));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
