using System.Buffers.Binary;
using System.Net.Sockets;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Srtp;

namespace OctoMesh.Bridge.Tests.MediaPath;

/// <summary>
/// Reads one subscriber's socket on its own thread, as a browser would: unprotects each SRTP/SRTCP packet
/// with the subscriber's context (a failure is recorded, a replayed or reordered index included) and keeps,
/// per SSRC, the RTP sequence numbers and the publisher's own packet numbers in arrival order.
/// </summary>
internal sealed class SubscriberReader
{
    private readonly MediaPathRig.Subscriber _subscriber;
    private readonly Dictionary<uint, List<(ushort RtpSequence, int PublisherSequence)>> _streams = [];
    private readonly Thread _thread;
    private int _rtp;
    private int _rtcp;
    private int _failures;

    public SubscriberReader(MediaPathRig.Subscriber subscriber)
    {
        _subscriber = subscriber;
        subscriber.Socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _thread = new Thread(Run) { IsBackground = true, Name = "subscriber-reader" };
        _thread.Start();
    }

    public int RtpPackets => Volatile.Read(ref _rtp);

    public int RtcpPackets => Volatile.Read(ref _rtcp);

    public int UnprotectFailures => Volatile.Read(ref _failures);

    public Dictionary<uint, List<(ushort RtpSequence, int PublisherSequence)>> Streams()
    {
        lock (_streams)
        {
            return _streams.ToDictionary(s => s.Key, s => s.Value.ToList());
        }
    }

    private void Run()
    {
        var buffer = new byte[2048];
        while (true)
        {
            int length;
            try
            {
                length = _subscriber.Socket.Receive(buffer);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            // RFC 5761 §4: payload types 192-223 in the second byte are RTCP.
            if (length >= 2 && buffer[1] is >= 192 and <= 223)
            {
                if (_subscriber.Inbound.UnprotectRtcp(buffer.AsSpan(0, length), buffer, out _) == SrtpStatus.Ok)
                {
                    Interlocked.Increment(ref _rtcp);
                }
                else
                {
                    Interlocked.Increment(ref _failures);
                }

                continue;
            }

            if (_subscriber.Inbound.UnprotectRtp(buffer.AsSpan(0, length), buffer, out var plain) != SrtpStatus.Ok
                || !RtpHeader.TryParse(buffer.AsSpan(0, plain), out var header))
            {
                Interlocked.Increment(ref _failures);
                continue;
            }

            var publisherSequence = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(header.PayloadOffset));
            lock (_streams)
            {
                if (!_streams.TryGetValue(header.Ssrc, out var stream))
                {
                    _streams[header.Ssrc] = stream = [];
                }

                stream.Add((header.SequenceNumber, publisherSequence));
            }

            Interlocked.Increment(ref _rtp);
        }
    }
}
