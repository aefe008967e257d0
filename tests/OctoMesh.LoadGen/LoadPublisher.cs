using System.Diagnostics;
using OctoMesh.Media.Client;
using OctoMesh.Media.Rtcp;
using OctoMesh.Media.Rtp;

namespace OctoMesh.LoadGen;

/// <summary>
/// Publishes synthetic media on a connected <see cref="WebRtcClient"/> at real-time pace: VP8 at 30 frames/s
/// of <c>kbps / 8 / 30</c> bytes each (a key frame every 3 s, and on PLI as an encoder does, RFC 4585 §6.3.1),
/// each video packet stamped with its send time (<see cref="SendTimestamp"/>), and Opus at 50 packets/s.
/// One pacing loop per publisher, one reusable buffer; nothing allocated per packet.
/// </summary>
public sealed class LoadPublisher : IAsyncDisposable
{
    /// <summary>Video frames per second.</summary>
    public const int FramesPerSecond = 30;

    /// <summary>Key frame interval: every 3 s at 30 fps.</summary>
    public const int KeyframeInterval = 3 * FramesPerSecond;

    private const int AudioPacketsPerSecond = 50;
    private const int MaxCatchUpFrames = FramesPerSecond;
    private static readonly TimeSpan PacingTick = TimeSpan.FromMilliseconds(5);

    private readonly SyntheticVp8Stream _video;
    private readonly SyntheticOpusStream _audio;
    private readonly int _frameSize;
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _buffer = new byte[2048];
    private Task? _loop;
    private volatile bool _keyframeWanted;

    public LoadPublisher(WebRtcClient client, Uri location, string room, int videoKbps)
    {
        Client = client;
        Location = location;
        Room = room;
        _frameSize = Math.Max(SyntheticVp8Stream.KeyframeHeaderSize, videoKbps * 1000 / 8 / FramesPerSecond);
        _video = new SyntheticVp8Stream(client.VideoSsrc, keyframeInterval: KeyframeInterval,
            midExtensionId: WebRtcClient.MidExtensionId, mid: WebRtcClient.VideoMid);
        _audio = new SyntheticOpusStream(client.AudioSsrc, midExtensionId: WebRtcClient.MidExtensionId, mid: WebRtcClient.AudioMid);
        client.RtcpReceived += OnRtcp;
    }

    public WebRtcClient Client { get; }

    /// <summary>The WHIP session resource.</summary>
    public Uri Location { get; }

    public string Room { get; }

    /// <summary>Starts the pacing loop.</summary>
    public void Start() => _loop ??= Task.Run(RunAsync);

    /// <summary>Stops sending and waits for the pacing loop to end.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(PacingTick);
        var started = Stopwatch.GetTimestamp();
        long audioSent = 0;
        long framesSent = 0;
        do
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var audioDue = (long)(elapsed.TotalSeconds * AudioPacketsPerSecond) + 1;
            var framesDue = (long)(elapsed.TotalSeconds * FramesPerSecond) + 1;

            // An overloaded machine skips what it could not send rather than bursting it all at once.
            audioSent = Math.Max(audioSent, audioDue - MaxCatchUpFrames);
            framesSent = Math.Max(framesSent, framesDue - MaxCatchUpFrames);
            for (; audioSent < audioDue; audioSent++)
            {
                Client.SendRtp(_buffer.AsSpan(0, _audio.WritePacket(_buffer)));
            }

            for (; framesSent < framesDue; framesSent++)
            {
                SendFrame();
            }
        }
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
    }

    private void SendFrame()
    {
        if (_keyframeWanted)
        {
            _keyframeWanted = false;
            _video.RequestKeyframe();
        }

        _video.StartFrame(_frameSize, SyntheticVp8Stream.TimestampStepAt30Fps);
        while (_video.TryWritePacket(_buffer, out var length))
        {
            var packet = _buffer.AsSpan(0, length);
            if (RtpHeader.TryParse(packet, out var header))
            {
                SendTimestamp.TryWrite(packet.Slice(header.PayloadOffset, header.PayloadLength), Stopwatch.GetTimestamp());
            }

            Client.SendRtp(packet);
        }
    }

    private void OnRtcp(ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var rtcp))
        {
            if (rtcp.PacketType == RtcpPacketType.PayloadSpecificFeedback
                && rtcp.CountOrFormat == RtcpFeedbackFormat.PictureLossIndication
                && rtcp.MediaSsrc == Client.VideoSsrc)
            {
                _keyframeWanted = true;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.RtcpReceived -= OnRtcp;
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
        Client.Dispose();
    }
}
