using System.Diagnostics;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Testing.Browser;
using Xunit.Abstractions;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// Issue 13, dominant speaker across the mesh, in headless Chromium over the demo's three bridges: one person per
/// bridge, each with a microphone the test turns on and off; every page, whichever bridge it is on, is told the same
/// speakers in the same order (the bridges agree on one decider per room, docs/relay.md).
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class MeshSpeakerTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Three_bridges_of_one_room_announce_the_same_speaker_as_people_take_turns()
    {
        const string room = "take-turns";
        await using var mesh = await TestMesh.StartAsync(Eventually.Patience);
        var alice = await RoomPage.JoinAsync(chromium, mesh["eu-central"], room, "Alice (eu-central)", initScript: SyntheticMicrophone.InitScript);
        var bob = await RoomPage.JoinAsync(chromium, mesh["us-east"], room, "Bob (us-east)", initScript: SyntheticMicrophone.InitScript);
        var carol = await RoomPage.JoinAsync(chromium, mesh["ap-southeast"], room, "Carol (ap-southeast)", initScript: SyntheticMicrophone.InitScript);
        RoomPage[] three = [alice, bob, carol];
        try
        {
            await RoomFrames.WaitAsync(RoomFrames.Pairs(three, three), _ => 1, Eventually.Patience,
                "every page to decode video from both others (the rooms are linked across the bridges)", () => RoomFrames.DescribeAsync(three, mesh));

            foreach (var (speaker, previous) in new[] { (alice, (RoomPage?)null), (bob, alice), (carol, bob) })
            {
                if (previous is not null)
                {
                    await SyntheticMicrophone.TalkAsync(previous, talking: false);
                }

                await SyntheticMicrophone.TalkAsync(speaker, talking: true);
                var started = Stopwatch.GetTimestamp();
                await Eventually.Until(
                    async () => (await Task.WhenAll(three.Select(SyntheticMicrophone.DominantSpeakerAsync))).All(id => id == speaker.ParticipantId),
                    Eventually.Patience,
                    $"every page to be told that {speaker.Name} speaks",
                    async () => string.Join(", ", await Task.WhenAll(three.Select(async page => $"{page.Name}: {await SyntheticMicrophone.DominantSpeakerAsync(page)}"))));
                output.WriteLine($"{speaker.Name} announced on all three bridges {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms after the microphone went on");
            }

            string[] expected = [alice.ParticipantId, bob.ParticipantId, carol.ParticipantId];
            foreach (var page in three)
            {
                Assert.Equal(expected, await SyntheticMicrophone.SpeakerChangesAsync(page));
            }
        }
        finally
        {
            foreach (var page in three)
            {
                await page.CloseAsync();
            }
        }
    }
}
