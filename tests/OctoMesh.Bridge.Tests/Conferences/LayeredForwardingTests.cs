namespace OctoMesh.Bridge.Tests.Conferences;

/// <summary>
/// Issue 12: a viewer's down track thins a stream to the spatial and temporal layers the allocator chose and the
/// viewer still sees one continuous stream: sequence numbers and VP8 picture ids without holes, TL0PICIDX
/// running on, VP9 pictures ending with the marker bit on the highest spatial layer forwarded.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class LayeredForwardingTests
{
    // libwebrtc's three-layer pattern: TL0, TL2, TL1, TL2; the first TL2 and the TL1 reference only TL0 (Y = 1).
    private static readonly (int Temporal, bool Sync)[] Pattern = [(0, false), (2, true), (1, true), (2, false)];

    [Fact]
    public void Vp8_temporal_layers_are_dropped_and_added_at_sync_frames_with_gapless_numbering()
    {
        using var rig = new LayeredStreamRig(LayeredStreamRig.Vp8);
        rig.DownTrack.SetTargetSubLayers(3, 0);
        var pictureId = 0x7FF0; // wraps during the test
        byte tl0 = 250;
        rig.Send(rig.Vp8Frame(pictureId++, tl0++, 0, false, keyframe: true));
        SendCycles(rig, 3, ref pictureId, ref tl0);
        var baseOnly = rig.Received();

        rig.DownTrack.SetTargetSubLayers(3, 2);
        SendCycles(rig, 2, ref pictureId, ref tl0);
        var all = rig.Received();

        rig.DownTrack.SetTargetSubLayers(3, 1);
        SendCycles(rig, 2, ref pictureId, ref tl0);
        var twoLayers = rig.Received();

        Assert.Equal([0, 0, 0, 0], Frames(baseOnly).Select(f => f.Temporal));
        Assert.Equal([0, 2, 1, 2, 0, 2, 1, 2], Frames(all).Select(f => f.Temporal));
        Assert.Equal([0, 1, 0, 1], Frames(twoLayers).Select(f => f.Temporal));
        List<ReceivedPacket> stream = [.. baseOnly, .. all, .. twoLayers];
        AssertConsecutive(stream.Select(p => (int)p.Sequence), 0xFFFF);
        AssertConsecutive(Frames(stream).Select(f => f.PictureId), 0x7FFF);
        AssertConsecutive(Frames(stream).Where(f => f.Temporal == 0).Select(f => (int)f.Tl0PicIdx), 0xFF);
        Assert.Equal(Pattern.Length * 7 * 2 + 2 - stream.Count, rig.DownTrack.LayerDrops);
    }

    [Fact]
    public void A_retransmission_after_thinning_carries_the_ids_the_packet_first_went_out_with()
    {
        using var rig = new LayeredStreamRig(LayeredStreamRig.Vp8WithRtx);
        rig.DownTrack.SetTargetSubLayers(3, 0);
        var pictureId = 100;
        byte tl0 = 0;
        rig.Send(rig.Vp8Frame(pictureId++, tl0++, 0, false, keyframe: true));
        SendCycles(rig, 2, ref pictureId, ref tl0);
        var sent = rig.Received();

        var original = sent[^1];
        rig.DownTrack.Retransmit(original.Sequence);
        var repaired = Assert.Single(rig.Received());

        // RFC 4588 §4: on the repair stream, the original sequence number and then the original payload.
        Assert.Equal(LayeredStreamRig.ViewerRtxSsrc, repaired.Ssrc);
        Assert.Equal(original.Sequence, System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(repaired.Payload));
        Assert.Equal(original.Payload, repaired.Payload[2..]);
    }

    [Fact]
    public void A_late_packet_of_a_forwarded_frame_fills_the_place_kept_for_it()
    {
        using var rig = new LayeredStreamRig(LayeredStreamRig.Vp8);
        rig.DownTrack.SetTargetSubLayers(3, 0);
        rig.Send(rig.Vp8Frame(1, 1, 0, false, keyframe: true));
        var tl0Frame = rig.Vp8Frame(2, 2, 0, false, keyframe: false);
        rig.Send([tl0Frame[0]]);
        rig.Send(rig.Vp8Frame(3, 2, 2, true, keyframe: false)); // dropped, after a packet still missing
        rig.Send(rig.Vp8Frame(4, 3, 0, false, keyframe: false));
        rig.Send([tl0Frame[1]]); // the late one

        var sequences = rig.Received().Select(p => (int)p.Sequence).ToList();

        Assert.Equal(6, sequences.Count);
        Assert.Equal(sequences[2] + 1, sequences[5]); // where it would have been
        AssertConsecutive(sequences.Order(), 0xFFFF);
    }

    [Fact]
    public void Vp9_svc_keeps_the_spatial_layers_wanted_and_ends_each_picture_with_the_marker()
    {
        using var rig = new LayeredStreamRig(LayeredStreamRig.Vp9);
        rig.DownTrack.SetTargetSubLayers(1, 3);
        rig.Send(rig.Vp9Picture(10, 0, false, keyframe: true));
        for (var picture = 11; picture < 15; picture++)
        {
            rig.Send(rig.Vp9Picture(picture, Pattern[picture % 4].Temporal, picture % 4 == 0, keyframe: false));
        }

        var received = rig.Received();

        Assert.Equal(10, received.Count);
        Assert.All(received, p => Assert.True(p.Vp9Spatial <= 1));
        Assert.All(received, p => Assert.Equal(p.Vp9Spatial == 1, p.Marker));
        AssertConsecutive(received.Select(p => (int)p.Sequence), 0xFFFF);
        Assert.Equal([10, 10, 11, 11, 12, 12, 13, 13, 14, 14], received.Select(p => p.Vp9PictureId)); // VP9 references by picture id: untouched
        Assert.Equal((320, 180), rig.Source.Layers[0].SpatialSize(0));
        Assert.Equal((1280, 720), rig.Source.Layers[0].SpatialSize(2));
    }

    [Fact]
    public void A_vp9_spatial_layer_is_added_at_the_next_keyframe_which_is_asked_for()
    {
        using var rig = new LayeredStreamRig(LayeredStreamRig.Vp9);
        rig.DownTrack.SetTargetSubLayers(0, 3);
        rig.Send(rig.Vp9Picture(1, 0, false, keyframe: true));
        var requestsBefore = rig.Source.KeyframeRequestsSent;

        rig.DownTrack.SetTargetSubLayers(2, 3);
        rig.Send(rig.Vp9Picture(2, 0, true, keyframe: false));
        var beforeKeyframe = rig.Received();
        rig.Send(rig.Vp9Picture(3, 0, false, keyframe: true));
        var atKeyframe = rig.Received();

        Assert.Equal([0, 0], beforeKeyframe.Select(p => p.Vp9Spatial));
        Assert.True(rig.Source.KeyframeRequestsSent > requestsBefore, "No keyframe was asked for to add the spatial layers.");
        Assert.Equal([0, 1, 2], atKeyframe.Select(p => p.Vp9Spatial));
        Assert.Equal([false, false, true], atKeyframe.Select(p => p.Marker));
    }

    private static void SendCycles(LayeredStreamRig rig, int cycles, ref int pictureId, ref byte tl0)
    {
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            foreach (var (temporal, sync) in Pattern)
            {
                if (temporal == 0)
                {
                    rig.Send(rig.Vp8Frame(pictureId++ & 0x7FFF, tl0++, 0, false, keyframe: false));
                }
                else
                {
                    rig.Send(rig.Vp8Frame(pictureId++ & 0x7FFF, (byte)(tl0 - 1), temporal, sync, keyframe: false));
                }
            }
        }
    }

    private static IEnumerable<(int PictureId, byte Tl0PicIdx, int Temporal)> Frames(IEnumerable<ReceivedPacket> packets) =>
        packets.Where(p => p.StartsFrame).Select(p => p.Vp8Ids);

    private static void AssertConsecutive(IEnumerable<int> values, int mask)
    {
        var list = values.ToList();
        for (var i = 1; i < list.Count; i++)
        {
            Assert.True(((list[i - 1] + 1) & mask) == list[i], $"Not consecutive at {i}: {string.Join(", ", list)}");
        }
    }
}
