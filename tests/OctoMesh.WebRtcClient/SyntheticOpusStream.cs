namespace OctoMesh.Media.Client;

/// <summary>
/// A synthetic Opus audio stream for load tests: one 20 ms packet per call (50 packets/s), timestamps on the
/// 48 kHz clock (RFC 7587 §4.1), each payload a valid TOC byte (RFC 6716 §3.1: config 31, CELT-only
/// fullband 20 ms, mono, one frame) followed by a deterministic filler. Allocates nothing per packet.
/// </summary>
public sealed class SyntheticOpusStream
{
    /// <summary>20 ms at 48 kHz.</summary>
    public const uint TimestampStep = 960;

    /// <summary>RFC 6716 §3.1: config 31 (CELT FB 20 ms) &lt;&lt; 3, s = 0, c = 0.</summary>
    public const byte TocByte = 31 << 3;

    private readonly byte[] _mid;
    private bool _started;

    /// <summary>Creates a stream; <paramref name="payloadSize"/> 80 bytes is about 32 kbit/s.</summary>
    public SyntheticOpusStream(uint ssrc, byte payloadType = WebRtcClient.OpusPayloadType, int payloadSize = 80,
        int midExtensionId = 0, string? mid = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(payloadSize, 1);
        Ssrc = ssrc;
        PayloadType = payloadType;
        PayloadSize = payloadSize;
        MidExtensionId = midExtensionId;
        _mid = SyntheticRtpHeader.AsciiBytes(mid);
        SequenceNumber = (ushort)Random.Shared.Next(0, ushort.MaxValue);
        Timestamp = (uint)Random.Shared.Next();
    }

    /// <summary>The SSRC written in every packet.</summary>
    public uint Ssrc { get; }

    /// <summary>The payload type written in every packet.</summary>
    public byte PayloadType { get; }

    /// <summary>Payload bytes per packet, TOC included.</summary>
    public int PayloadSize { get; }

    /// <summary>The mid extension id written in packets, 0 for none.</summary>
    public int MidExtensionId { get; }

    /// <summary>The sequence number the next packet gets.</summary>
    public ushort SequenceNumber { get; private set; }

    /// <summary>The timestamp of the last packet written.</summary>
    public uint Timestamp { get; private set; }

    /// <summary>Size of every packet <see cref="WritePacket"/> writes.</summary>
    public int PacketSize => SyntheticRtpHeader.Size(MidExtensionId == 0 ? 0 : _mid.Length) + PayloadSize;

    /// <summary>Writes the next 20 ms packet into <paramref name="destination"/> and returns its length.</summary>
    public int WritePacket(Span<byte> destination)
    {
        if (_started)
        {
            Timestamp += TimestampStep;
        }

        // RFC 3551 §4.1: the marker bit flags the first packet of a talkspurt.
        var headerSize = SyntheticRtpHeader.Write(destination, PayloadType, SequenceNumber++, Timestamp, Ssrc, marker: !_started,
            MidExtensionId, _mid);
        _started = true;
        var payload = destination.Slice(headerSize, PayloadSize);
        payload[0] = TocByte;
        for (var i = 1; i < payload.Length; i++)
        {
            payload[i] = (byte)(Timestamp + i);
        }

        return headerSize + PayloadSize;
    }
}
