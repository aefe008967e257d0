using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Conferences.Allocation;

namespace OctoMesh.Bridge.Tests.Conferences;

/// <summary>
/// Issue 12, allocation and clean switching in virtual time: the best layer that fits, down at once, up only
/// with margin after a hold, at most 2 switches a minute on a link between two layers, and keyframe requests
/// to the publisher at most one per 200 ms however many viewers switch.
/// </summary>
public sealed class SimulcastAllocationTests
{
    private static readonly long[] LayerBitrates = [150_000, 500_000, 1_500_000];
    private static readonly TimeSpan Tick = LayerAllocation.Interval;

    [Fact]
    public void Each_viewer_gets_the_best_layer_that_fits_its_budget_and_the_top_one_without_an_estimate()
    {
        using var rig = new SimulcastRig();
        var unlimited = rig.AddViewer(1);
        var middle = rig.AddViewer(2);
        var tight = rig.AddViewer(3);
        rig.Send(LayerBitrates, TimeSpan.FromSeconds(2));

        LayerAllocator.Allocate([unlimited], LayerAllocator.Unlimited, rig.Time);
        LayerAllocator.Allocate([middle], 900_000, rig.Time);
        LayerAllocator.Allocate([tight], 100_000, rig.Time);

        Assert.Equal(2, unlimited.TargetLayer);
        Assert.Equal(1, middle.TargetLayer);
        Assert.Equal(0, tight.TargetLayer); // nothing fits: the first track still gets its lowest layer
    }

    [Fact]
    public void A_layer_the_publisher_stops_sending_is_left_for_the_next_one_down_within_a_second_and_a_half()
    {
        using var rig = new SimulcastRig();
        var viewer = rig.AddViewer(1);
        rig.Send(LayerBitrates, TimeSpan.FromSeconds(2));
        LayerAllocator.Allocate([viewer], LayerAllocator.Unlimited, rig.Time);
        Assert.Equal(2, viewer.TargetLayer);

        var stoppedAt = rig.Time.GetUtcNow();
        while (viewer.TargetLayer == 2 && rig.Time.GetUtcNow() - stoppedAt < TimeSpan.FromSeconds(5))
        {
            rig.Send([LayerBitrates[0], LayerBitrates[1], 0], Tick);
            LayerAllocator.Allocate([viewer], LayerAllocator.Unlimited, rig.Time);
        }

        Assert.Equal(1, viewer.TargetLayer);
        Assert.InRange(rig.Time.GetUtcNow() - stoppedAt, TimeSpan.Zero, SourceLayer.InactiveAfter + Tick);
    }

    [Fact]
    public void Target_changes_are_counted_by_reason()
    {
        using var rig = new SimulcastRig();
        var viewer = rig.AddViewer(1);
        rig.Send(LayerBitrates, TimeSpan.FromSeconds(2));
        LayerAllocator.Allocate([viewer], LayerAllocator.Unlimited, rig.Time);

        viewer.Constraints = new LayerConstraints(PinnedLayer: 0, MaxRank: null);
        LayerAllocator.Allocate([viewer], LayerAllocator.Unlimited, rig.Time);
        viewer.Constraints = LayerConstraints.Automatic;
        LayerAllocator.Allocate([viewer], LayerAllocator.Unlimited, rig.Time);
        LayerAllocator.Allocate([viewer], 900_000, rig.Time);
        var stoppedAt = rig.Time.GetUtcNow();
        while (viewer.TargetLayer == 1 && rig.Time.GetUtcNow() - stoppedAt < TimeSpan.FromSeconds(5))
        {
            rig.Send([LayerBitrates[0], 0, 0], Tick);
            LayerAllocator.Allocate([viewer], 900_000, rig.Time);
        }

        Assert.Equal(0, viewer.TargetLayer);
        Assert.Equal(1, viewer.TargetChanges(LayerChangeReason.Bandwidth)); // top → middle on the smaller budget
        Assert.Equal(2, viewer.TargetChanges(LayerChangeReason.ViewerRequest)); // pinned to the lowest, released to the top
        Assert.Equal(1, viewer.TargetChanges(LayerChangeReason.LayerStopped)); // the middle one stopped
    }

    [Fact]
    public void A_budget_that_wavers_around_the_top_layer_switches_at_most_twice_a_minute()
    {
        using var rig = new SimulcastRig();
        var viewer = rig.AddViewer(1);
        var random = new Random(12);
        var switches = 0;
        var last = -2;
        var duration = TimeSpan.FromMinutes(5);
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Tick)
        {
            rig.Send(LayerBitrates, Tick);
            var budget = (long)(LayerBitrates[2] * (0.95 + 0.25 * random.NextDouble()));
            LayerAllocator.Allocate([viewer], budget, rig.Time);
            if (last >= 0 && viewer.TargetLayer != last)
            {
                switches++;
            }

            last = viewer.TargetLayer;
        }

        Assert.InRange(switches, 1, 2 * (int)duration.TotalMinutes);
    }

    [Theory]
    [InlineData(100_000, 5)] // a collapse: the link changed, the hold starts over
    [InlineData(1_200_000, 20)] // between two layers again: the doubled hold stands
    public void A_collapsed_budget_starts_the_upgrade_hold_over_and_one_between_two_layers_does_not(long lowBudget, int expectedHoldSeconds)
    {
        using var rig = new SimulcastRig();
        var viewer = rig.AddViewer(1);
        rig.Send(LayerBitrates, TimeSpan.FromSeconds(2));
        const long ample = 2_000_000;
        // Flapping between the middle and the top layer doubles the hold: 5, 10, 20 s.
        LayerAllocator.Allocate([viewer], ample, rig.Time);
        for (var flap = 0; flap < 2; flap++)
        {
            RunFor(rig, viewer, 1_200_000, TimeSpan.FromSeconds(1));
            Assert.Equal(1, viewer.TargetLayer);
            RunUntilTop(rig, viewer, ample);
        }

        RunFor(rig, viewer, lowBudget, TimeSpan.FromSeconds(25));
        Assert.NotEqual(2, viewer.TargetLayer);
        var lifted = rig.Time.GetUtcNow();
        RunUntilTop(rig, viewer, ample);

        Assert.InRange(rig.Time.GetUtcNow() - lifted, TimeSpan.FromSeconds(expectedHoldSeconds), TimeSpan.FromSeconds(expectedHoldSeconds) + 2 * Tick);
    }

    private static void RunFor(SimulcastRig rig, DownTrack viewer, long budget, TimeSpan duration)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Tick)
        {
            rig.Send(LayerBitrates, Tick);
            LayerAllocator.Allocate([viewer], budget, rig.Time);
        }
    }

    private static void RunUntilTop(SimulcastRig rig, DownTrack viewer, long budget)
    {
        var deadline = rig.Time.GetUtcNow() + LayerHysteresis.MaxHold * 2;
        while (viewer.TargetLayer != 2 && rig.Time.GetUtcNow() < deadline)
        {
            rig.Send(LayerBitrates, Tick);
            LayerAllocator.Allocate([viewer], budget, rig.Time);
        }

        Assert.Equal(2, viewer.TargetLayer);
    }

    [Fact]
    public void Two_hundred_viewers_switching_at_once_cost_the_publisher_at_most_one_keyframe_request_per_200_ms()
    {
        using var rig = new SimulcastRig();
        var viewers = Enumerable.Range(0, 200).Select(rig.AddViewer).ToList();
        rig.Send(LayerBitrates, TimeSpan.FromSeconds(1));
        var start = rig.Time.GetUtcNow();
        for (var step = 0; step < 300; step++)
        {
            // Each viewer wants a layer: a third of them each layer, every 10 ms, as waiting down tracks do per packet.
            foreach (var viewer in viewers)
            {
                rig.Source.RequestKeyframe(rig.Source.Layers[viewers.IndexOf(viewer) % 3]);
            }

            rig.Time.Advance(TimeSpan.FromMilliseconds(10));
        }

        var requests = rig.Uplink.KeyframeRequests.Where(r => r.At >= start).ToList();
        for (var i = 1; i < requests.Count; i++)
        {
            Assert.True(requests[i].At - requests[i - 1].At >= TimeSpan.FromMilliseconds(200),
                $"keyframe requests {i - 1} and {i} were {(requests[i].At - requests[i - 1].At).TotalMilliseconds} ms apart");
        }

        Assert.Equal([0, 1, 2], requests.Select(r => r.Layer).Distinct().Order());
    }
}
