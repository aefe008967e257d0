using System.Diagnostics;
using OctoMesh.LoadGen;
using OctoMesh.LoadGen.Janus;

namespace OctoMesh.Bridge.Tests.LoadGen.Janus;

/// <summary>Starting and stopping Janus: a clear message when it is missing, and nothing left behind after disposal.</summary>
[Collection(JanusCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class JanusServerTests
{
    [Fact]
    public async Task A_missing_janus_binary_fails_with_the_install_command()
    {
        var options = new JanusServerOptions { JanusExecutable = "/nonexistent/bin/janus" };

        var error = await Assert.ThrowsAsync<LoadRunException>(() => JanusServer.StartAsync(options, CancellationToken.None));

        Assert.Contains("/nonexistent/bin/janus", error.Message);
        Assert.Contains("apt-get install -y janus", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Without_iproute2_janus_fails_saying_why_it_needs_a_network_namespace()
    {
        var options = new JanusServerOptions { Network = { IpExecutable = "/nonexistent/sbin/ip" } };

        var error = await Assert.ThrowsAsync<LoadRunException>(() => JanusServer.StartAsync(options, CancellationToken.None));

        Assert.Contains("Janus 1.1.2 gathers no ICE candidates on loopback", error.Message);
        Assert.Contains("root and iproute2", error.Message);
        Assert.Contains("/nonexistent/sbin/ip", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Janus_runs_in_its_own_namespace_and_disposal_stops_it_and_deletes_its_folder_and_namespace()
    {
        var janus = await JanusServer.StartAsync(new JanusServerOptions(), CancellationToken.None);
        var folder = janus.ConfigFolder;
        var network = janus.Network;
        using var process = Process.GetProcessById(janus.ProcessId);
        Assert.Equal("janus", janus.Name);
        Assert.Equal("127.0.0.1", janus.BaseAddress.Host);
        Assert.True(File.Exists(janus.LogPath), "Janus writes its log to the config folder");

        // compare reads /proc/{ProcessId}/stat: it must be janus itself, and janus must be in the namespace, not ours.
        Assert.Equal("janus", File.ReadAllText($"/proc/{janus.ProcessId}/comm").Trim());
        Assert.Contains(network.Name, await NetworkNamespaceTests.NamespacesAsync());
        Assert.Equal(NetworkNamespaceTests.NamespaceInode(network.Path), NetworkNamespaceTests.NamespaceInode($"/proc/{janus.ProcessId}/ns/net"));
        Assert.NotEqual(NetworkNamespaceTests.NamespaceInode(NetworkNamespaceTests.OwnNamespace), NetworkNamespaceTests.NamespaceInode($"/proc/{janus.ProcessId}/ns/net"));

        await janus.DisposeAsync();

        Assert.True(process.HasExited, "janus still runs after disposal");
        Assert.False(Directory.Exists(folder), $"{folder} was not deleted");
        Assert.False(File.Exists(network.Path), $"{network.Path} is still there after disposal");
        Assert.DoesNotContain(network.Name, await NetworkNamespaceTests.NamespacesAsync());
    }
}
