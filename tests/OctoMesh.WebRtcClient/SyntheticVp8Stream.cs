using System.Buffers.Binary;

namespace OctoMesh.Media.Client;

/// <summary>
/// A synthetic VP8 video stream for load tests: frames of a chosen size split into RTP packets of at most
/// <see cref="MaxPayloadSize"/> bytes, marker on the last (RFC 7741 §4.1), each payload starting with a
/// valid payload descriptor (§4.2: X=1, I=1 with a 15-bit picture id, S=1 and PID=0 on a frame's first
/// packet), and each frame with a valid VP8 frame tag (RFC 6386 §9.1) — a key frame every
/// <see cref="KeyframeInterval"/> frames or on request — so a bridge's keyframe detection works on it.
/// The rest of each frame is a deterministic filler; nothing decodes it.
/// </summary>
/// <remarks>
/// One instance per RTP stream: a simulcast publisher makes one per layer, each with its own SSRC, its RTP stream id
/// (RFC 8852, written with <c>rtpStreamIdExtensionId</c> beside the mid) and its picture size in the key frame header,
/// from which a bridge ranks the layers.
/// </remarks>
/// <remarks>
/// Per frame: <see cref="StartFrame"/>, then <see cref="TryWritePacket"/> until it returns false. Writes into
/// caller buffers; allocates nothing per packet. Not thread-safe.
/// </remarks>
public sealed class SyntheticVp8Stream
{
    /// <summary>Default payload bytes per packet, leaving room for headers, SRTP and tunnels under a 1200-byte MTU.</summary>
    public const int DefaultMaxPayloadSize = 1100;

    /// <summary>90 kHz RTP clock / 30 frames per second (RFC 7741 §4.1).</summary>
    public const uint TimestampStepAt30Fps = 3000;

    /// <summary>X|R|N|S|R|PID, X, then M + 15-bit picture id.</summary>
    public const int DescriptorSize = 4;

    /// <summary>Frame tag (3 bytes) plus, on key frames, start code and dimensions (7 bytes), RFC 6386 §9.1.</summary>
    public const int KeyframeHeaderSize = 10;

    private const byte ExtendedBit = 0x80;
    private const byte StartOfPartitionBit = 0x10;
    private const byte PictureIdPresentBit = 0x80;
    private const ushort LongPictureIdBit = 0x8000;
    private const int FrameTagSize = 3;
    private const int ShowFrameBit = 0x10;
    private const int InterFrameBit = 0x01;
    private const int FirstPartitionSizeShift = 5;
    private const int MaxFirstPartitionSize = (1 << 19) - 1;
    private const byte KeyframeStartCode0 = 0x9d;
    private const byte KeyframeStartCode1 = 0x01;
    private const byte KeyframeStartCode2 = 0x2a;

    /// <summary>RFC 6386 §9.1: width and height are 14-bit fields (the top 2 bits of each 16 are the scale).</summary>
    public const int MaxDimension = (1 << 14) - 1;

    /// <summary>The picture size written in key frame headers unless another is given.</summary>
    public const int DefaultWidth = 640;

    /// <inheritdoc cref="DefaultWidth"/>
    public const int DefaultHeight = 480;

    private readonly byte[] _mid;
    private readonly byte[] _rid;
    private int _frameSize;
    private int _frameOffset;
    private bool _keyframeRequested = true;

    /// <summary>Creates a stream; the first frame is a key frame.</summary>
    public SyntheticVp8Stream(uint ssrc, byte payloadType = WebRtcClient.Vp8PayloadType, int keyframeInterval = 90,
        int maxPayloadSize = DefaultMaxPayloadSize, int midExtensionId = 0, string? mid = null,
        int rtpStreamIdExtensionId = 0, string? rid = null, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keyframeInterval, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadSize, DescriptorSize + KeyframeHeaderSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxDimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxDimension);
        Ssrc = ssrc;
        PayloadType = payloadType;
        KeyframeInterval = keyframeInterval;
        MaxPayloadSize = maxPayloadSize;
        MidExtensionId = midExtensionId;
        _mid = SyntheticRtpHeader.AsciiBytes(mid);
        RtpStreamIdExtensionId = rtpStreamIdExtensionId;
        Rid = rid;
        _rid = SyntheticRtpHeader.AsciiBytes(rid);
        Width = width;
        Height = height;
        SequenceNumber = (ushort)Random.Shared.Next(0, ushort.MaxValue);
        Timestamp = (uint)Random.Shared.Next();
        PictureId = Random.Shared.Next(0, 0x7FFF);
        FrameIndex = -1;
    }

    /// <summary>The SSRC written in every packet.</summary>
    public uint Ssrc { get; }

    /// <summary>The payload type written in every packet.</summary>
    public byte PayloadType { get; }

    /// <summary>Frames between key frames.</summary>
    public int KeyframeInterval { get; }

    /// <summary>Largest payload (descriptor included) per packet.</summary>
    public int MaxPayloadSize { get; }

    /// <summary>The mid extension id written in packets, 0 for none.</summary>
    public int MidExtensionId { get; }

    /// <summary>The RTP stream id extension id written in packets, 0 for none.</summary>
    public int RtpStreamIdExtensionId { get; }

    /// <summary>The simulcast layer's rid written in packets (RFC 8852 §3.1), or null for none.</summary>
    public string? Rid { get; }

    /// <summary>The picture width written in key frame headers.</summary>
    public int Width { get; }

    /// <summary>The picture height written in key frame headers.</summary>
    public int Height { get; }

    /// <summary>The sequence number the next packet gets.</summary>
    public ushort SequenceNumber { get; private set; }

    /// <summary>The current frame's RTP timestamp.</summary>
    public uint Timestamp { get; private set; }

    /// <summary>The current frame's 15-bit picture id.</summary>
    public int PictureId { get; private set; }

    /// <summary>How many frames were started before the current one (-1 before the first).</summary>
    public long FrameIndex { get; private set; }

    /// <summary>True when the current frame is a key frame.</summary>
    public bool IsKeyframe { get; private set; }

    /// <summary>Largest packet <see cref="TryWritePacket"/> writes (header, mid extension and payload).</summary>
    public int MaxPacketSize =>
        SyntheticRtpHeader.Size(MidExtensionId == 0 ? 0 : _mid.Length, RtpStreamIdExtensionId == 0 ? 0 : _rid.Length) + MaxPayloadSize;

    /// <summary>Makes the next frame a key frame, as an encoder does on PLI or FIR (RFC 4585 §6.3.1).</summary>
    public void RequestKeyframe() => _keyframeRequested = true;

    /// <summary>Begins the next frame of <paramref name="frameSize"/> bytes, <paramref name="timestampStep"/> ticks after the last.</summary>
    public void StartFrame(int frameSize, uint timestampStep = TimestampStepAt30Fps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameSize, KeyframeHeaderSize);
        if (FrameIndex >= 0)
        {
            Timestamp += timestampStep;
            PictureId = (PictureId + 1) & 0x7FFF;
        }

        FrameIndex++;
        IsKeyframe = _keyframeRequested || FrameIndex % KeyframeInterval == 0;
        _keyframeRequested = false;
        _frameSize = frameSize;
        _frameOffset = 0;
    }

    /// <summary>
    /// Writes the current frame's next packet into <paramref name="destination"/> (at least
    /// <see cref="MaxPacketSize"/> bytes). False when the frame is complete.
    /// </summary>
    public bool TryWritePacket(Span<byte> destination, out int length)
    {
        length = 0;
        if (_frameOffset >= _frameSize)
        {
            return false;
        }

        var chunk = Math.Min(_frameSize - _frameOffset, MaxPayloadSize - DescriptorSize);
        var isLast = _frameOffset + chunk == _frameSize;
        var headerSize = SyntheticRtpHeader.Write(destination, PayloadType, SequenceNumber++, Timestamp, Ssrc, isLast,
            MidExtensionId, _mid, RtpStreamIdExtensionId, _rid);
        var payload = destination[headerSize..];
        WriteDescriptor(payload, isFirst: _frameOffset == 0);
        WriteFrameBytes(payload.Slice(DescriptorSize, chunk));
        _frameOffset += chunk;
        length = headerSize + DescriptorSize + chunk;
        return true;
    }

    private void WriteDescriptor(Span<byte> payload, bool isFirst)
    {
        payload[0] = (byte)(ExtendedBit | (isFirst ? StartOfPartitionBit : 0));
        payload[1] = PictureIdPresentBit;
        BinaryPrimitives.WriteUInt16BigEndian(payload[2..], (ushort)(LongPictureIdBit | PictureId));
    }

    private void WriteFrameBytes(Span<byte> chunk)
    {
        for (var i = 0; i < chunk.Length; i++)
        {
            chunk[i] = (byte)(FrameIndex + _frameOffset + i);
        }

        if (_frameOffset == 0)
        {
            WriteFrameHeader(chunk);
        }
    }

    // RFC 6386 §9.1: a 3-byte little-endian tag: P (0 = key frame), version (3 bits), show_frame,
    // first_part_size (19 bits); a key frame then has the start code 9d 01 2a and 14-bit width and
    // height with 2-bit scales (0 here: no upscaling).
    private void WriteFrameHeader(Span<byte> frame)
    {
        var firstPartitionSize = Math.Min(_frameSize - (IsKeyframe ? KeyframeHeaderSize : FrameTagSize), MaxFirstPartitionSize);
        var tag = (firstPartitionSize << FirstPartitionSizeShift) | ShowFrameBit | (IsKeyframe ? 0 : InterFrameBit);
        frame[0] = (byte)tag;
        frame[1] = (byte)(tag >> 8);
        frame[2] = (byte)(tag >> 16);
        if (IsKeyframe)
        {
            frame[3] = KeyframeStartCode0;
            frame[4] = KeyframeStartCode1;
            frame[5] = KeyframeStartCode2;
            BinaryPrimitives.WriteUInt16LittleEndian(frame[6..], (ushort)Width);
            BinaryPrimitives.WriteUInt16LittleEndian(frame[8..], (ushort)Height);
        }
    }
}
