using OctoMesh.Media.Rtp.Codecs;
using static OctoMesh.Media.Tests.Rtp.TestBytes;

namespace OctoMesh.Media.Tests.Rtp;

[Trait(Tier.Name, Tier.Unit)]
public class LayerPositionTests
{
    [Fact]
    public void A_vp8_frame_start_gives_its_temporal_layer_sync_bit_and_picture_id()
    {
        // X=1 S=1 PID=0 | I L T | M=1 picture id 0x1234 | TL0PICIDX 7 | TID=2 Y=1
        var position = LayerPosition.Read(VideoCodec.Vp8, Hex("90 E0 9234 07 A0 00"));

        Assert.Equal(new LayerPosition(true, 0, 2, true, false, true, 0x1234, 15, Tl0PicIdx: 7), position);
    }

    [Fact]
    public void A_vp8_continuation_packet_without_tid_is_one_layer()
    {
        // X=1 S=0 | I | 7-bit picture id 5
        var position = LayerPosition.Read(VideoCodec.Vp8, Hex("80 80 05 00"));

        Assert.False(position.HasLayers);
        Assert.False(position.StartsPicture);
        Assert.Equal((5, 7), (position.PictureId, position.PictureIdBits));
    }

    [Fact]
    public void A_vp9_packet_gives_spatial_and_temporal_ids_switching_point_and_frame_bounds()
    {
        // I=1 P=1 L=1 F=1 B=1 E=0 | M=1 picture id 0x0102 | TID=1 U=1 SID=0 D=0 | P_DIFF 1, N=0
        var first = LayerPosition.Read(VideoCodec.Vp9, Hex("F8 8102 30 02"));
        // I=1 P=1 L=1 F=1 B=1 E=1 | picture id 0x0102 | TID=1 U=0 SID=2 D=1 | P_DIFF 1
        var last = LayerPosition.Read(VideoCodec.Vp9, Hex("FC 8102 25 02"));

        Assert.Equal(new LayerPosition(true, 0, 1, true, false, true, 0x102, 15), first);
        Assert.Equal(new LayerPosition(true, 2, 1, false, true, false, 0x102, 15), last);
    }

    [Theory]
    [InlineData("90 E0 92", "A0")] // VP8: the picture id runs past the end; VP9: L = 1 and no layer byte
    [InlineData("", "")]
    public void A_malformed_descriptor_is_one_layer_never_dropped(string vp8, string vp9)
    {
        Assert.Equal(LayerPosition.None, LayerPosition.Read(VideoCodec.Vp8, Hex(vp8)));
        Assert.Equal(LayerPosition.None, LayerPosition.Read(VideoCodec.Vp9, Hex(vp9)));
    }

    [Fact]
    public void Codecs_without_layer_fields_are_one_layer()
    {
        Assert.Equal(LayerPosition.None, LayerPosition.Read(VideoCodec.H264, Hex("65 88 84")));
    }

    [Fact]
    public void A_vp9_keyframe_scalability_structure_gives_each_spatial_layers_size()
    {
        // I=1 P=0 L=1 F=1 B=1 V=1 | picture id 0x0001 | TID=0 U=0 SID=0 | SS: N_S=2 (three layers) Y=1 G=0, sizes
        byte[] payload = Hex("BA 8001 00 50 0140 00B4 0280 0168 0500 02D0 00");
        Span<(int Width, int Height)> sizes = stackalloc (int, int)[4];

        var count = Vp9PayloadDescriptor.TryReadSpatialLayerSizes(payload, sizes);

        Assert.Equal(3, count);
        Assert.Equal([(320, 180), (640, 360), (1280, 720)], sizes[..count].ToArray());
        Assert.Equal(0, Vp9PayloadDescriptor.TryReadSpatialLayerSizes(Hex("F8 8102 30 02"), sizes));
    }
}
