using System.Diagnostics;
using OctoMesh.Bridge.Tests.EndToEnd;
using Xunit.Abstractions;
using OctoMesh.Testing.Browser;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// Issue 3, "Faults", in headless Chromium: one person per bridge; ap-southeast is shut down mid-room.
/// Its person leaves the other pages and stats while eu-central and us-east keep relaying to
/// each other; ap-southeast started again (same id, same registry, new keys and ports) rejoins the mesh,
/// and a person on it sees and is seen by the others.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class BridgeLossTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const string Room = "bridge-loss";
    private const string Lost = "ap-southeast";
    private const int FramesToDecode = 30;
    private const int FramesAfterLoss = 30;
    private static readonly TimeSpan LinkDeadline = Eventually.Patience;
    private static readonly TimeSpan MediaDeadline = Eventually.Patience;

    [Fact]
    public async Task Killing_a_bridge_removes_its_people_and_restarting_it_reforms_the_mesh()
    {
        await using var mesh = await TestMesh.StartAsync(LinkDeadline);
        var alice = await RoomPage.JoinAsync(chromium, mesh["eu-central"], Room, "Alice (eu-central)");
        var bob = await RoomPage.JoinAsync(chromium, mesh["us-east"], Room, "Bob (us-east)");
        var carol = await RoomPage.JoinAsync(chromium, mesh[Lost], Room, "Carol (ap-southeast)");
        RoomPage[] stayers = [alice, bob];
        RoomPage[] three = [alice, bob, carol];
        RoomPage? dave = null;
        try
        {
            await RoomFrames.WaitAsync(RoomFrames.Pairs(three, three), _ => FramesToDecode, MediaDeadline,
                $"each of Alice, Bob and Carol to decode {FramesToDecode} frames from both others", () => RoomFrames.DescribeAsync(three, mesh));
            await Eventually.Until(
                async () => (await mesh["eu-central"].GetStatsAsync()).Publishers == 3 && (await mesh["us-east"].GetStatsAsync()).Publishers == 3,
                LinkDeadline, "eu-central and us-east to count three publishers (their own and two relayed)", () => RoomFrames.DescribeAsync(three, mesh));

            // The kill: ap-southeast's host shuts down. The clock runs from the moment it is told to, for the output only.
            var kill = Stopwatch.StartNew();
            var stopping = mesh.StopBridgeAsync(Lost);
            var removal = await Eventually.Until(
                async () =>
                {
                    foreach (var page in stayers)
                    {
                        if ((await page.TilesAsync()).Contains(carol.ParticipantId))
                        {
                            return false;
                        }
                    }

                    return (await mesh["eu-central"].GetStatsAsync()).Publishers == 2 && (await mesh["us-east"].GetStatsAsync()).Publishers == 2;
                },
                Eventually.Patience,
                $"Carol ({carol.ParticipantId}, on the killed {Lost}) to leave Alice's and Bob's pages and eu-central's and us-east's /api/stats publishers",
                () => RoomFrames.DescribeAsync(stayers, mesh));
            await stopping;
            output.WriteLine($"Carol left the other pages and stats {removal.TotalMilliseconds:0} ms after {Lost} was told to stop " +
                             $"(its host took {kill.ElapsedMilliseconds} ms to stop).");

            // eu-central and us-east keep relaying to each other.
            var beforeLoss = await RoomFrames.WaitAsync(RoomFrames.Pairs(stayers, stayers), _ => 0, MediaDeadline, "frame counts", () => Task.FromResult(""));
            await RoomFrames.WaitAsync(RoomFrames.Pairs(stayers, stayers), count => count + FramesAfterLoss, MediaDeadline,
                $"Alice and Bob to decode {FramesAfterLoss} more frames from each other after {Lost} died",
                () => RoomFrames.DescribeAsync(stayers, mesh), beforeLoss);
            await carol.CloseAsync();

            // The restart: a new ap-southeast (same id, new certificate, WireGuard key and ports) on the same registry.
            var restart = Stopwatch.StartNew();
            await mesh.StartBridgeAsync(Lost);
            await mesh.WaitForLinksAsync(LinkDeadline);
            var linked = restart.Elapsed;
            dave = await RoomPage.JoinAsync(chromium, mesh[Lost], Room, "Dave (ap-southeast, restarted)");
            RoomPage[] reformed = [alice, bob, dave];
            await RoomFrames.WaitAsync(RoomFrames.Pairs(reformed, reformed), count => count + 1, MediaDeadline,
                "Dave on the restarted ap-southeast and Alice and Bob to decode new frames from each other",
                () => RoomFrames.DescribeAsync(reformed, mesh),
                await RoomFrames.WaitAsync(RoomFrames.Pairs(stayers, stayers), _ => 0, MediaDeadline, "frame counts", () => Task.FromResult("")));
            output.WriteLine($"The restarted {Lost} linked to both others {linked.TotalMilliseconds:0} ms after it was started; " +
                             $"media flowed all ways between the three bridges {restart.ElapsedMilliseconds} ms after it was started " +
                             "(including Dave's page load and join).");
            foreach (var page in stayers)
            {
                Assert.Contains(dave.ParticipantId, await page.TilesAsync());
            }
        }
        finally
        {
            foreach (var page in three)
            {
                await page.CloseAsync();
            }

            if (dave is not null)
            {
                await dave.CloseAsync();
            }
        }
    }
}
