using Microsoft.Extensions.Time.Testing;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Conferences.Allocation;

namespace OctoMesh.Bridge.Tests.Conferences;

/// <summary>
/// Issue 12: on a congested downlink, repairs the viewer cannot use would take the room the layer it now gets needs.
/// A NACK is answered only for a packet of what the viewer still decodes: not one sent before the last keyframe or
/// before a keyframe request still unanswered, not one of a temporal layer it no longer receives, and not twice within a
/// round trip. A repair ends a picture as the packet did, marker included.
/// </summary>
public sealed class RepairTests
{
    [Fact]
    public void A_packet_sent_before_the_last_keyframe_is_not_repaired_and_one_after_it_is()
    {
        using var rig = new LayeredStreamRig(LayeredStreamRig.Vp8WithRtx);
        var pictureId = 10;
        byte tl0 = 0;
        rig.Send(rig.Vp8Frame(pictureId++, tl0++, 0, false, keyframe: true));
        rig.Send(rig.Vp8Frame(pictureId++, tl0++, 0, false, keyframe: false));
        var beforeKeyframe = rig.Received()[^1];
        rig.Send(rig.Vp8Frame(pictureId++, tl0++, 0, false, keyframe: true));
        rig.Send(rig.Vp8Frame(pictureId++, tl0++, 0, false, keyframe: false));
        var afterKeyframe = rig.Received()[^1];

        rig.DownTrack.Retransmit(beforeKeyframe.Sequence);
        rig.DownTrack.Retransmit(afterKeyframe.Sequence);

        var repaired = Assert.Single(rig.Received());
        Assert.Equal(afterKeyframe.Sequence, System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(repaired.Payload));
        Assert.Equal(1, rig.DownTrack.RepairsSkipped);
    }

    [Fact]
    public void Every_packet_of_the_last_keyframe_is_repaired_though_an_h264_idr_starts_again_at_each_slice()
    {
        using var rig = new LayeredStreamRig(LayeredStreamRig.H264WithRtx);
        rig.Send(rig.H264Keyframe());
        var keyframe = rig.Received();

        foreach (var packet in keyframe)
        {
            rig.DownTrack.Retransmit(packet.Sequence);
        }

        Assert.Equal(keyframe.Count, rig.Received().Count);
        Assert.Equal(0, rig.DownTrack.RepairsSkipped);
    }

    [Fact]
    public void A_packet_of_a_temporal_layer_the_viewer_no_longer_gets_is_not_repaired()
    {
        using var rig = new LayeredStreamRig(LayeredStreamRig.Vp8WithRtx);
        var pictureId = 10;
        byte tl0 = 0;
        rig.Send(rig.Vp8Frame(pictureId++, tl0++, 0, false, keyframe: true));
        rig.Send(rig.Vp8Frame(pictureId++, tl0, 2, false, keyframe: false));
        var topLayer = rig.Received()[^1];
        Assert.Equal(2, topLayer.Vp8Ids.Temporal);

        // Down to the base layer: it goes down at the next picture start.
        rig.DownTrack.SetTargetSubLayers(3, 0);
        rig.Send(rig.Vp8Frame(pictureId++, tl0, 2, false, keyframe: false));
        rig.Send(rig.Vp8Frame(pictureId++, ++tl0, 0, false, keyframe: false));
        var baseLayer = rig.Received()[^1];
        Assert.Equal(0, rig.DownTrack.CurrentTemporalLayer);

        rig.DownTrack.Retransmit(topLayer.Sequence);
        rig.DownTrack.Retransmit(baseLayer.Sequence);

        var repaired = Assert.Single(rig.Received());
        Assert.Equal(baseLayer.Sequence, System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(repaired.Payload));
        Assert.Equal(1, rig.DownTrack.RepairsSkipped);
    }

    [Fact]
    public void A_packet_sent_before_a_keyframe_request_still_unanswered_is_not_repaired()
    {
        using var rig = new LayeredStreamRig(LayeredStreamRig.Vp8WithRtx);
        var pictureId = 10;
        byte tl0 = 0;
        rig.Send(rig.Vp8Frame(pictureId++, tl0++, 0, false, keyframe: true));
        rig.Send(rig.Vp8Frame(pictureId++, tl0++, 0, false, keyframe: false));
        var beforeRequest = rig.Received()[^1];

        rig.DownTrack.RequestKeyframe(); // the viewer's PLI: a keyframe is on its way
        rig.Send(rig.Vp8Frame(pictureId++, tl0++, 0, false, keyframe: false));
        var afterRequest = rig.Received()[^1];
        rig.DownTrack.Retransmit(beforeRequest.Sequence);
        rig.DownTrack.Retransmit(afterRequest.Sequence);

        var repaired = Assert.Single(rig.Received());
        Assert.Equal(afterRequest.Sequence, System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(repaired.Payload));
        Assert.Equal(1, rig.DownTrack.RepairsSkipped);
    }

    [Fact]
    public void The_repair_of_a_thinned_vp9_picture_ends_it_with_the_marker_the_bridge_set()
    {
        using var rig = new LayeredStreamRig(LayeredStreamRig.Vp9WithRtx);
        rig.Send(rig.Vp9Picture(20, 0, switchingUp: false, keyframe: true));
        rig.DownTrack.SetTargetSubLayers(0, 3);
        rig.Send(rig.Vp9Picture(21, 0, switchingUp: false, keyframe: false));
        rig.Received();
        rig.Send(rig.Vp9Picture(22, 0, switchingUp: false, keyframe: false));
        var baseLayer = Assert.Single(rig.Received());
        Assert.True(baseLayer.Marker, "the base layer frame ends the picture the viewer gets");

        rig.DownTrack.Retransmit(baseLayer.Sequence);

        var repair = Assert.Single(rig.Received());
        Assert.Equal(LayeredStreamRig.ViewerRtxSsrc, repair.Ssrc);
        Assert.True(repair.Marker, "the repair of the packet that ended the picture ends it too");
    }

    [Fact]
    public void A_nack_of_a_spatial_layer_dropped_since_asks_for_a_keyframe_instead_of_a_repair()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var rig = new LayeredStreamRig(LayeredStreamRig.Vp9WithRtx, time);
        rig.Send(rig.Vp9Picture(20, 0, switchingUp: false, keyframe: true));
        rig.Send(rig.Vp9Picture(21, 0, switchingUp: false, keyframe: false));
        var topLayer = rig.Received()[^1];
        Assert.Equal(2, topLayer.Vp9Spatial);
        rig.DownTrack.SetTargetSubLayers(0, 3);
        rig.Send(rig.Vp9Picture(22, 0, switchingUp: false, keyframe: false));
        Assert.Single(rig.Received());
        time.Advance(MediaSource.KeyframeRequestInterval);
        var requests = rig.Source.KeyframeRequestsSent;

        // libwebrtc asks for it once; if that repair were lost too, the base layer would wait on the picture for 3 s.
        rig.DownTrack.Retransmit(topLayer.Sequence);

        Assert.Empty(rig.Received());
        Assert.Equal(requests + 1, rig.Source.KeyframeRequestsSent);
    }

    [Fact]
    public void A_nack_repeated_within_a_round_trip_is_answered_once_and_again_after_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var rig = new LayeredStreamRig(LayeredStreamRig.Vp8WithRtx, time);
        rig.Send(rig.Vp8Frame(10, 0, 0, false, keyframe: true));
        var lost = rig.Received()[^1];

        rig.DownTrack.Retransmit(lost.Sequence);
        time.Advance(RoundTripMeter.Default / 2);
        rig.DownTrack.Retransmit(lost.Sequence);
        Assert.Single(rig.Received());
        Assert.Equal(1, rig.DownTrack.RepairsSkipped);

        time.Advance(RoundTripMeter.Default);
        rig.DownTrack.Retransmit(lost.Sequence);
        Assert.Single(rig.Received());
        Assert.Equal(2, rig.DownTrack.Retransmissions);
    }
}
