using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using OctoMesh.Bridge.Conferences.Allocation;
using OctoMesh.Media.Bwe;
using OctoMesh.Media.Rtcp;
using OctoMesh.Media.Rtp;

namespace OctoMesh.Bridge.Tests.Conferences;

/// <summary>
/// A viewer's estimate from what the bridge stamped and what the viewer reported: a feedback for the stamped packets
/// is used; a malformed one is dropped and counted and changes nothing; without transport-cc, REMB is the estimate.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ViewerBandwidthTests
{
    [Fact]
    public void Feedback_for_stamped_packets_is_used()
    {
        var bandwidth = new ViewerBandwidth(new FakeTimeProvider()) { TransportCcId = TransportFeedbackPackets.TransportCcId };
        var first = TransportFeedbackPackets.Stamp(bandwidth);
        TransportFeedbackPackets.Stamp(bandwidth);

        // draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: both packets received, 1 ms apart.
        bandwidth.OnTransportFeedback(TransportFeedbackPackets.View(TransportFeedbackPackets.Feedback(first, received: 2, deltas: [4, 4])));

        Assert.Equal(1, bandwidth.Feedbacks);
        Assert.Equal(0, bandwidth.MalformedFeedback);
        // No queue growing, nothing lost: the rate control starts increasing from where it started.
        Assert.InRange(bandwidth.Estimate, GccEstimator.DefaultStartBitrate + 1, GccEstimator.DefaultStartBitrate * 11 / 10);
    }

    [Fact]
    public void A_malformed_feedback_is_dropped_and_counted()
    {
        var bandwidth = new ViewerBandwidth(new FakeTimeProvider()) { TransportCcId = TransportFeedbackPackets.TransportCcId };
        var first = TransportFeedbackPackets.Stamp(bandwidth);
        var truncated = TransportFeedbackPackets.Feedback(first, received: 40, deltas: [4]);

        bandwidth.OnTransportFeedback(TransportFeedbackPackets.View(truncated));

        Assert.Equal(0, bandwidth.Feedbacks);
        Assert.Equal(1, bandwidth.MalformedFeedback);
        Assert.Equal(GccEstimator.DefaultStartBitrate, bandwidth.Estimate);
    }

    [Fact]
    public void Without_transport_cc_the_viewers_remb_is_the_estimate_and_without_either_it_is_unlimited()
    {
        var bandwidth = new ViewerBandwidth(new FakeTimeProvider());
        Assert.Equal(LayerAllocator.Unlimited, bandwidth.VideoBudget(audioTracks: 1));

        bandwidth.OnRemb(800_000);

        Assert.Equal(800_000, bandwidth.Estimate);
        Assert.Equal(800_000 - ViewerBandwidth.AudioAllowance, bandwidth.VideoBudget(audioTracks: 1));
    }
}
