using OctoMesh.Media.Rtp;
using OctoMesh.Media.Rtp.Codecs;
using static OctoMesh.Media.Tests.Rtp.TestBytes;

namespace OctoMesh.Media.Tests.Rtp;

/// <summary>Hostile input: every RTP-side parser must return, never throw.</summary>
[Trait(Tier.Name, Tier.Unit)]
public class RtpFuzzTests
{
    private const int RandomInputs = 10_000;

    private static readonly byte[][] Seeds =
    [
        Hex("B2 6F 0001 00000002 00000003 11111111 22222222 BEDE 0003 10AA 00 32010203 51BEEF 0000 C0FFEE 000003"),
        Hex("90 60 0001 00000002 00000003 1000 0003 0100 1403A1A2A3 00 C802B1B2 CAFE"),
        Hex("80 60 0001 00000002 00000003 B0 F0 9234 56 A5 50 2D 00 9D012A"),
        Hex("80 60 0001 00000002 00000003 8A 01 18 0280 0168 01 04 AABB"),
        Hex("80 60 0001 00000002 00000003 78 0004 6742C01F 0003 68CE3C 0002 6588"),
        // H.264 SPS for 1280×720 (High, cropped), a VP9 keyframe with its scalability structure.
        Hex("80 60 0001 00000002 00000003 67 64 00 1F AC D9 40 50 05 BB 01 10 00 00 03 00 10 00 00 03 03 C0 F1 83 19 60"),
        Hex("80 60 0001 00000002 00000003 BE 8001 00 50 0140 00B4 0280 0168 0500 02D0 00"),
    ];

    [Fact]
    public void EveryTruncationIsHandled()
    {
        foreach (byte[] seed in Seeds)
        {
            for (int length = 0; length <= seed.Length; length++)
            {
                ExerciseEverything(seed.AsSpan(0, length).ToArray());
            }
        }
    }

    [Fact]
    public void RandomAndMutatedInputsAreHandled()
    {
        var random = new Random(20240607);
        for (int i = 0; i < RandomInputs; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 64)];
                random.NextBytes(input);
                if (input.Length > 0)
                {
                    input[0] = (byte)(0x80 | (input[0] & 0x3F)); // mostly version 2, to get past the first check
                }
            }
            else
            {
                input = (byte[])Seeds[random.Next(Seeds.Length)].Clone();
                int flips = random.Next(1, 6);
                for (int f = 0; f < flips; f++)
                {
                    input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
                }
            }

            ExerciseEverything(input);
        }
    }

    private static void ExerciseEverything(byte[] input)
    {
        foreach (VideoCodec codec in Enum.GetValues<VideoCodec>())
        {
            KeyframeDetector.IsKeyframeStart(codec, input);
        }

        Vp8PayloadDescriptor.TryParse(input, out _);
        Vp9PayloadDescriptor.TryParse(input, out _);
        Span<(int Width, int Height)> sizes = stackalloc (int, int)[LayerPosition.MaxLayerIds];
        Assert.InRange(Vp9PayloadDescriptor.TryReadSpatialLayerSizes(input, sizes), 0, sizes.Length);
        H264SpsSize.TryRead(input, out _, out _);
        foreach (VideoCodec codec in Enum.GetValues<VideoCodec>())
        {
            var position = LayerPosition.Read(codec, input);
            Assert.InRange(position.SpatialId, 0, LayerPosition.MaxLayerIds - 1);
            Assert.InRange(position.TemporalId, 0, LayerPosition.MaxLayerIds - 1);
        }
        Vp8PayloadDescriptor.TryRewrite((byte[])input.Clone(), 12345, 6);

        if (!RtpHeader.TryParse(input, out RtpHeader header))
        {
            return;
        }

        Assert.InRange(header.PayloadOffset + header.PayloadLength + header.PaddingLength, 0, input.Length);
        foreach (RtpExtensionElement element in RtpHeaderExtensions.GetElements(input, header))
        {
            Assert.InRange(element.ValueOffset + element.ValueLength, 0, header.ExtensionOffset + header.ExtensionLength);
        }

        for (int id = 0; id < 16; id++)
        {
            RtpHeaderExtensions.TryFind(input, header, id, out _);
        }

        byte[] identity = new byte[256];
        for (int id = 0; id < identity.Length; id++)
        {
            identity[id] = (byte)(id % 15);
        }

        RtpHeaderExtensions.RewriteIds((byte[])input.Clone(), header, identity);
        ReadOnlySpan<byte> payload = input.AsSpan(header.PayloadOffset, header.PayloadLength);
        KeyframeDetector.IsKeyframeStart(VideoCodec.Vp8, payload);
        KeyframeDetector.IsKeyframeStart(VideoCodec.H264, payload);
        H264SpsSize.TryRead(payload, out _, out _);
        Vp9PayloadDescriptor.TryReadSpatialLayerSizes(payload, sizes);
        LayerPosition.Read(VideoCodec.Vp9, payload);
    }
}
