using OctoMesh.Bridge.Tests.EndToEnd;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// Waits on room pages until each viewer has decoded enough video frames from each publisher
/// (<c>window.room.framesDecodedFrom</c>), and returns the counts seen.
/// </summary>
public static class RoomFrames
{
    /// <summary>Every pair of distinct pages from <paramref name="viewers"/> and <paramref name="publishers"/>.</summary>
    public static IReadOnlyList<(RoomPage Viewer, RoomPage Publisher)> Pairs(IEnumerable<RoomPage> viewers, IEnumerable<RoomPage> publishers) =>
        [.. viewers.SelectMany(v => publishers.Where(p => p != v).Select(p => (v, p)))];

    /// <summary>
    /// Polls until, for every pair, the viewer decoded at least <paramref name="atLeast"/>(counts) frames from the
    /// publisher, where the argument is the count the pair had in <paramref name="before"/> (0 if absent).
    /// </summary>
    public static async Task<Dictionary<(string Viewer, string Publisher), long>> WaitAsync(
        IReadOnlyList<(RoomPage Viewer, RoomPage Publisher)> pairs,
        Func<long, long> atLeast,
        TimeSpan deadline,
        string what,
        Func<Task<string>> describe,
        IReadOnlyDictionary<(string Viewer, string Publisher), long>? before = null)
    {
        var frames = new Dictionary<(string Viewer, string Publisher), long>();
        await Eventually.Until(
            async () =>
            {
                var all = true;
                foreach (var (viewer, publisher) in pairs)
                {
                    var key = (viewer.Name, publisher.Name);
                    var count = frames[key] = await viewer.FramesDecodedFromAsync(publisher);
                    all &= count >= atLeast(before?.GetValueOrDefault(key) ?? 0);
                }

                return all;
            },
            deadline,
            what,
            async () => string.Join(", ", frames.Select(f => $"{f.Key.Viewer}<-{f.Key.Publisher}: {f.Value}")) + Environment.NewLine + await describe());
        return frames;
    }

    /// <summary>Each page's status and tiles, and each bridge's stats and log, for failure messages.</summary>
    public static async Task<string> DescribeAsync(IEnumerable<RoomPage> pages, TestMesh mesh)
    {
        var lines = new List<string>();
        foreach (var page in pages)
        {
            lines.Add(await page.DescribeAsync());
        }

        foreach (var (id, bridge) in mesh.Bridges)
        {
            lines.Add($"{id}: stats {await bridge.DescribeStatsAsync()}, linked to [{string.Join(", ", mesh.Node(id).ConnectedPeers)}]; log:{Environment.NewLine}{bridge.Log}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
