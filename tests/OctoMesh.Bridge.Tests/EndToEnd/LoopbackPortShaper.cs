using System.Globalization;
using OctoMesh.Testing.Namespaces;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// Caps what leaves one UDP source port on loopback, as a viewer's capped downlink would: an <c>htb</c> root qdisc
/// on <c>lo</c> with a class at the rate (reached only through a u32 filter on the source port) and a 200 ms FIFO;
/// all other loopback traffic goes to a class far above what loopback carries. Disposal removes the
/// qdisc. Needs root and iproute2's <c>tc</c>; fails with a message saying so otherwise.
/// </summary>
internal sealed class LoopbackPortShaper : IAsyncDisposable
{
    private bool _removed;

    private LoopbackPortShaper()
    {
    }

    public static async Task<LoopbackPortShaper> StartAsync(int sourcePort, long bitsPerSecond)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            throw new Xunit.Sdk.XunitException($"Shaping loopback needs Linux and root (tc qdisc on lo); running as {Environment.UserName}.");
        }

        await HostCommand.TryRunAsync("tc", "qdisc", "del", "dev", "lo", "root");
        var shaper = new LoopbackPortShaper();
        try
        {
            // htb (this kernel has no prio or netem): unclassified traffic goes to a class far above what loopback carries;
            // the filter sends the port's UDP to a class capped at the rate, with a 200 ms byte FIFO behind it.
            var rate = bitsPerSecond.ToString(CultureInfo.InvariantCulture) + "bit";
            var queueBytes = (bitsPerSecond / 8 / 5).ToString(CultureInfo.InvariantCulture);
            await HostCommand.RunAsync("tc", "qdisc", "add", "dev", "lo", "root", "handle", "1:", "htb", "default", "1");
            await HostCommand.RunAsync("tc", "class", "add", "dev", "lo", "parent", "1:", "classid", "1:1", "htb", "rate", "40gbit");
            await HostCommand.RunAsync("tc", "class", "add", "dev", "lo", "parent", "1:", "classid", "1:2", "htb", "rate", rate, "ceil", rate, "burst", "4kb");
            await HostCommand.RunAsync("tc", "qdisc", "add", "dev", "lo", "parent", "1:2", "handle", "20:", "bfifo", "limit", queueBytes);
            await HostCommand.RunAsync("tc", "filter", "add", "dev", "lo", "parent", "1:", "protocol", "ip", "prio", "1", "u32",
                "match", "ip", "protocol", "17", "0xff", "match", "ip", "sport", sourcePort.ToString(CultureInfo.InvariantCulture), "0xffff",
                "flowid", "1:2");
        }
        catch
        {
            await shaper.DisposeAsync();
            throw;
        }

        return shaper;
    }

    /// <summary>Lift the cap.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_removed)
        {
            _removed = true;
            await HostCommand.TryRunAsync("tc", "qdisc", "del", "dev", "lo", "root");
        }
    }
}
