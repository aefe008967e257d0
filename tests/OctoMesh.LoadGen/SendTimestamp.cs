using System.Buffers.Binary;
using System.Diagnostics;
using OctoMesh.Media.Client;

namespace OctoMesh.LoadGen;

/// <summary>
/// The send time a publisher embeds in its VP8 payloads so that subscribers in the same process measure
/// one-way delay on one clock (<see cref="Stopwatch.GetTimestamp"/>, monotonic and shared by the process).
/// It sits at a fixed offset after the VP8 payload descriptor and the key-frame header (RFC 7741 §4.2,
/// RFC 6386 §9.1), so the frame tag a bridge inspects for key frames stays intact:
/// <code>
/// | descriptor (4) | frame header room (10) | "OMLG" (4) | send timestamp, big-endian int64 (8) | filler ...
/// </code>
/// </summary>
public static class SendTimestamp
{
    /// <summary>Offset of the mark inside the RTP payload.</summary>
    public const int Offset = SyntheticVp8Stream.DescriptorSize + SyntheticVp8Stream.KeyframeHeaderSize;

    /// <summary>Payload bytes a packet needs to carry a timestamp.</summary>
    public const int MinPayloadSize = Offset + MagicSize + sizeof(long);

    private const int MagicSize = 4;

    // Not a run of consecutive byte values, so the synthetic filler (which counts upwards) never forms it.
    private const uint Magic = 0x4F4D4C47; // "OMLG"

    /// <summary>Stamps <paramref name="payload"/> with <paramref name="timestamp"/>; false (untouched) when it is too short.</summary>
    public static bool TryWrite(Span<byte> payload, long timestamp)
    {
        if (payload.Length < MinPayloadSize)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(payload[Offset..], Magic);
        BinaryPrimitives.WriteInt64BigEndian(payload[(Offset + MagicSize)..], timestamp);
        return true;
    }

    /// <summary>Reads the stamp; false when the payload carries none (audio, short packets, foreign media).</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out long timestamp)
    {
        timestamp = 0;
        if (payload.Length < MinPayloadSize || BinaryPrimitives.ReadUInt32BigEndian(payload[Offset..]) != Magic)
        {
            return false;
        }

        timestamp = BinaryPrimitives.ReadInt64BigEndian(payload[(Offset + MagicSize)..]);
        return true;
    }
}
