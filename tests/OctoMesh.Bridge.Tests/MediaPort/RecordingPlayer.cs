using System.Collections.Concurrent;
using OctoMesh.Media.Client;
using OctoMesh.Media.Rtp;

namespace OctoMesh.Bridge.Tests.MediaPort;

/// <summary>One RTP packet a player received, copied out of the receive buffer.</summary>
public sealed record ReceivedRtp(uint Ssrc, byte PayloadType, ushort Sequence, uint Timestamp, bool Marker, byte[] Payload);

/// <summary>Keeps every RTP packet a playing <see cref="WebRtcClient"/> receives, in arrival order.</summary>
public sealed class RecordingPlayer
{
    private readonly ConcurrentQueue<ReceivedRtp> _packets = new();

    public RecordingPlayer(WebRtcClient client)
    {
        client.RtpReceived += OnRtp;
    }

    public IReadOnlyList<ReceivedRtp> Packets => [.. _packets];

    public IReadOnlyList<ReceivedRtp> On(uint ssrc) => [.. _packets.Where(p => p.Ssrc == ssrc)];

    public int CountOn(uint ssrc) => _packets.Count(p => p.Ssrc == ssrc);

    private void OnRtp(ReadOnlySpan<byte> packet)
    {
        if (RtpHeader.TryParse(packet, out var header))
        {
            _packets.Enqueue(new ReceivedRtp(header.Ssrc, header.PayloadType, header.SequenceNumber, header.Timestamp, header.Marker,
                packet.Slice(header.PayloadOffset, header.PayloadLength).ToArray()));
        }
    }
}
