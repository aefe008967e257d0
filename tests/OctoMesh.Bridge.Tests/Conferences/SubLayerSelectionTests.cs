using OctoMesh.Bridge.Conferences;
using OctoMesh.Media.Rtp.Codecs;

namespace OctoMesh.Bridge.Tests.Conferences;

[Trait(Tier.Name, Tier.Unit)]
public sealed class SubLayerSelectionTests
{
    [Fact]
    public void Temporal_layers_go_down_at_the_next_picture()
    {
        var selection = new SubLayerSelection();
        selection.SetTarget(SubLayerSelection.All, 0);

        Assert.False(selection.Accepts(Vp8(temporal: 2, start: true), false, VideoCodec.Vp8));
        Assert.True(selection.Accepts(Vp8(temporal: 0, start: true), false, VideoCodec.Vp8));
        Assert.Equal(0, selection.CurrentTemporal);
    }

    [Fact]
    public void A_picture_already_started_is_finished_before_going_down()
    {
        var selection = new SubLayerSelection();
        Assert.True(selection.Accepts(Vp8(temporal: 2, start: true), false, VideoCodec.Vp8));
        selection.SetTarget(SubLayerSelection.All, 0);

        Assert.True(selection.Accepts(Vp8(temporal: 2, start: false), false, VideoCodec.Vp8));
        Assert.False(selection.Accepts(Vp8(temporal: 2, start: true), false, VideoCodec.Vp8));
    }

    [Fact]
    public void A_vp8_temporal_layer_starts_at_a_layer_sync_frame_of_that_layer()
    {
        var selection = AtTemporal(0);
        selection.SetTarget(SubLayerSelection.All, 2);

        Assert.False(selection.Accepts(Vp8(temporal: 1, start: true), false, VideoCodec.Vp8)); // no Y: depends on an earlier TL1 frame
        Assert.True(selection.Accepts(Vp8(temporal: 0, start: true), false, VideoCodec.Vp8));
        Assert.True(selection.Accepts(Vp8(temporal: 1, start: true, sync: true), false, VideoCodec.Vp8));
        Assert.Equal(1, selection.CurrentTemporal);
        Assert.False(selection.Accepts(Vp8(temporal: 2, start: true), false, VideoCodec.Vp8));
        Assert.True(selection.Accepts(Vp8(temporal: 2, start: true, sync: true), false, VideoCodec.Vp8));
        Assert.Equal(2, selection.CurrentTemporal);
    }

    [Fact]
    public void A_vp9_switching_up_point_the_viewer_receives_opens_the_higher_temporal_layers()
    {
        var selection = AtTemporal(0);
        selection.SetTarget(SubLayerSelection.All, 2);

        Assert.False(selection.Accepts(Vp9(spatial: 0, temporal: 2, start: true, switchingUp: true), false, VideoCodec.Vp9));
        Assert.True(selection.Accepts(Vp9(spatial: 0, temporal: 0, start: true, switchingUp: true), false, VideoCodec.Vp9));
        Assert.Equal(2, selection.CurrentTemporal);
    }

    [Fact]
    public void A_spatial_layer_goes_down_at_a_picture_and_up_only_at_a_keyframe()
    {
        var selection = new SubLayerSelection();
        selection.SetTarget(0, SubLayerSelection.All);
        Assert.True(selection.Accepts(Vp9(spatial: 0, temporal: 0, start: true), false, VideoCodec.Vp9));
        Assert.False(selection.Accepts(Vp9(spatial: 1, temporal: 0, start: false), false, VideoCodec.Vp9));

        selection.SetTarget(2, SubLayerSelection.All);
        Assert.True(selection.WaitsForKeyframe);
        Assert.True(selection.Accepts(Vp9(spatial: 0, temporal: 0, start: true, switchingUp: true), false, VideoCodec.Vp9));
        Assert.False(selection.Accepts(Vp9(spatial: 1, temporal: 0, start: false), false, VideoCodec.Vp9));

        Assert.True(selection.Accepts(Vp9(spatial: 0, temporal: 0, start: true), isKeyframeStart: true, VideoCodec.Vp9));
        Assert.True(selection.Accepts(Vp9(spatial: 2, temporal: 0, start: false), false, VideoCodec.Vp9));
        Assert.False(selection.WaitsForKeyframe);
    }

    [Fact]
    public void A_stream_without_layer_fields_passes_whole()
    {
        var selection = new SubLayerSelection();
        selection.SetTarget(0, 0);

        Assert.True(selection.Accepts(LayerPosition.None, false, VideoCodec.H264));
    }

    private static SubLayerSelection AtTemporal(int temporal)
    {
        var selection = new SubLayerSelection();
        selection.SetTarget(SubLayerSelection.All, temporal);
        Assert.True(selection.Accepts(Vp8(temporal: 0, start: true), isKeyframeStart: true, VideoCodec.Vp8));
        return selection;
    }

    private static LayerPosition Vp8(int temporal, bool start, bool sync = false) =>
        new(true, 0, temporal, start, false, sync, 1, 15);

    private static LayerPosition Vp9(int spatial, int temporal, bool start, bool switchingUp = false) =>
        new(true, spatial, temporal, start, false, switchingUp, 1, 15);
}
