using System.Collections.Concurrent;
using System.Diagnostics;
using OctoMesh.Media.Client;
using OctoMesh.Media.Rtcp;
using OctoMesh.Media.Rtp;

namespace OctoMesh.Bridge.Tests.MediaPort;

/// <summary>
/// Drives a publishing <see cref="WebRtcClient"/> at real-time pace: a VP8 frame every 40 ms (25 fps,
/// keyframe every 50 frames or on PLI) and an Opus packet every 20 ms. Remembers every packet it sent by
/// SSRC and sequence number, and the PLIs the bridge sent it.
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
        _client.SendRtp(packet);
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
