using System.Diagnostics;
using OctoMesh.LoadGen;
using OctoMesh.LoadGen.Janus;

namespace OctoMesh.Bridge.Tests.LoadGen.Janus;

/// <summary>Starting and stopping Janus: a clear message when it is missing, and nothing left behind after disposal.</summary>
[Collection(JanusCollection.Name)]
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
    public async Task Janus_answers_on_loopback_and_disposal_stops_it_and_deletes_its_folder()
    {
        var janus = await JanusServer.StartAsync(new JanusServerOptions(), CancellationToken.None);
        var folder = janus.ConfigFolder;
        using var process = Process.GetProcessById(janus.ProcessId);
        Assert.Equal("janus", janus.Name);
        Assert.Equal("127.0.0.1", janus.BaseAddress.Host);
        Assert.True(File.Exists(janus.LogPath), "Janus writes its log to the config folder");

        await janus.DisposeAsync();

        Assert.True(process.HasExited, "janus still runs after disposal");
        Assert.False(Directory.Exists(folder), $"{folder} was not deleted");
    }
}
