using System.Collections.Concurrent;
using System.Diagnostics;
using OctoMesh.Media.Client;
using OctoMesh.Media.Rtcp;
using OctoMesh.Media.Rtp;

namespace OctoMesh.Bridge.Tests.MediaPort;

/// <summary>
/// Drives a publishing <see cref="WebRtcClient"/> at real-time pace: a VP8 frame every 40 ms (25 fps,
/// keyframe every 50 frames or on PLI) and an Opus packet every 20 ms. Remembers every packet it sent by
/// SSRC and sequence number, and the PLIs the bridge sent it. Can lose a video packet on purpose and then, as
/// a browser does, answer the bridge's NACK for it with an RTX packet (RFC 4588) on its repair SSRC.
/// </summary>
public sealed class SyntheticPublisher : IAsyncDisposable
{
    private const int VideoFrameSize = 4000;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);

    private readonly WebRtcClient _client;
    private readonly SyntheticVp8Stream _video;
    private readonly SyntheticOpusStream _audio;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;
    private long _lastPliTicks = -1;
    private int _pliCount;
    private volatile bool _keyframeWanted;
    private volatile bool _loseNextVideoPacket;
    private ushort _rtxSequence;

    public SyntheticPublisher(WebRtcClient client)
    {
        _client = client;
        _video = new SyntheticVp8Stream(client.VideoSsrc, keyframeInterval: 50, midExtensionId: WebRtcClient.MidExtensionId, mid: WebRtcClient.VideoMid);
        _audio = new SyntheticOpusStream(client.AudioSsrc, midExtensionId: WebRtcClient.MidExtensionId, mid: WebRtcClient.AudioMid);
        client.RtcpReceived += OnRtcp;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Every RTP packet sent, keyed by (SSRC, sequence number).</summary>
    public ConcurrentDictionary<(uint Ssrc, ushort Sequence), byte[]> Sent { get; } = new();

    /// <summary>Completes with the sequence number of the video packet lost on purpose (<see cref="LoseNextVideoPacket"/>).</summary>
    public TaskCompletionSource<ushort> LostVideoPacket { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Video sequence numbers the bridge asked for in generic NACKs.</summary>
    public ConcurrentDictionary<ushort, bool> Nacked { get; } = new();

    /// <summary>Drop the next video packet instead of sending it; it is still remembered in <see cref="Sent"/>.</summary>
    public void LoseNextVideoPacket() => _loseNextVideoPacket = true;

    /// <summary>PLIs received for our video SSRC.</summary>
    public int PliCount => Volatile.Read(ref _pliCount);

    /// <summary>Time since the last PLI, or null when none arrived yet.</summary>
    public TimeSpan? SinceLastPli
    {
        get
        {
            var last = Interlocked.Read(ref _lastPliTicks);
            return last < 0 ? null : _clock.Elapsed - TimeSpan.FromTicks(last);
        }
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Tick);
        var buffer = new byte[2048];
        var tick = 0L;
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            Send(buffer.AsSpan(0, _audio.WritePacket(buffer)));
            if (tick++ % 2 == 0)
            {
                if (_keyframeWanted)
                {
                    _keyframeWanted = false;
                    _video.RequestKeyframe();
                }

                _video.StartFrame(VideoFrameSize, timestampStep: 3600);
                while (_video.TryWritePacket(buffer, out var length))
                {
                    Send(buffer.AsSpan(0, length));
                }
            }
        }
    }

    private void Send(ReadOnlySpan<byte> packet)
    {
        RtpHeader.TryParse(packet, out var header);
        Sent[(header.Ssrc, header.SequenceNumber)] = packet.ToArray();
        if (header.Ssrc == _client.VideoSsrc && _loseNextVideoPacket)
        {
            _loseNextVideoPacket = false;
            LostVideoPacket.TrySetResult(header.SequenceNumber);
            return;
        }

        _client.SendRtp(packet);
    }

    /// <summary>RFC 4588 §4: the original header with the RTX SSRC, payload type and sequence number; OSN, then the payload.</summary>
    private void SendRepair(ushort sequence)
    {
        if (!Sent.TryGetValue((_client.VideoSsrc, sequence), out var original) || !RtpHeader.TryParse(original, out var header))
        {
            return;
        }

        var rtx = new byte[original.Length + RtxPacket.OriginalSequenceSize];
        original.CopyTo(rtx, 0);
        RtxPacket.Wrap(rtx, original.Length, header, sequence);
        RtpWriter.SetPayloadType(rtx, WebRtcClient.Vp8RtxPayloadType);
        RtpWriter.SetSequenceNumber(rtx, _rtxSequence++);
        RtpWriter.SetSsrc(rtx, _client.VideoRtxSsrc);
        _client.SendRtp(rtx);
    }

    private void OnRtcp(ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var rtcp))
        {
            if (rtcp.PacketType == RtcpPacketType.PayloadSpecificFeedback
                && rtcp.CountOrFormat == RtcpFeedbackFormat.PictureLossIndication
                && rtcp.MediaSsrc == _client.VideoSsrc)
            {
                Interlocked.Increment(ref _pliCount);
                Interlocked.Exchange(ref _lastPliTicks, _clock.Elapsed.Ticks);
                _keyframeWanted = true;
            }

            if (rtcp.PacketType == RtcpPacketType.TransportFeedback
                && rtcp.CountOrFormat == RtcpFeedbackFormat.GenericNack
                && rtcp.MediaSsrc == _client.VideoSsrc
                && GenericNack.TryParse(rtcp, out var nack))
            {
                foreach (var sequence in nack)
                {
                    Nacked[sequence] = true;
                    SendRepair(sequence);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.RtcpReceived -= OnRtcp;
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
