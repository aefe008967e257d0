using Microsoft.Extensions.Options;
using OctoMesh.Media.Rtcp;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// Once a second, per publisher: a receiver report for each source (RFC 3550 §6.4.2) plus a REMB
/// telling it how much the bridge will take (draft-alvestrand-rmcat-remb), and a keyframe request
/// for any source whose connected subscribers are still waiting for their first keyframe.
/// </summary>
public sealed class ConferenceMaintenance(ConferenceRegistry conferences, IOptions<ConferenceOptions> options, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var conference in conferences.All)
            {
                foreach (var endpoint in conference.Endpoints)
                {
                    ReportTo(endpoint);
                }
            }
        }
    }

    private void ReportTo(ConferenceEndpoint publisher)
    {
        var transport = publisher.PublishTransport;
        var sources = publisher.Sources;
        if (transport is null || !transport.IsConnected || sources.Length == 0)
        {
            return;
        }

        var layerCount = 0;
        foreach (var source in sources)
        {
            layerCount += source.Layers.Length;
        }

        // RFC 3550 §6.4.2: one report block per stream received, each simulcast layer being its own stream.
        Span<ReportBlock> blocks = stackalloc ReportBlock[Math.Min(layerCount, 31)];
        Span<uint> videoSsrcs = stackalloc uint[blocks.Length];
        var blockCount = 0;
        var videoCount = 0;
        var videoTracks = 0;
        var nowTicks = (long)(time.GetTimestamp() * ((double)TimeSpan.TicksPerSecond / time.TimestampFrequency));
        foreach (var source in sources)
        {
            foreach (var layer in source.Layers)
            {
                if (layer.Ssrc == 0 || blockCount == blocks.Length)
                {
                    continue;
                }

                var snapshot = layer.Statistics.TakeSnapshot(nowTicks);
                if (snapshot.HasData)
                {
                    blocks[blockCount++] = new ReportBlock(layer.Ssrc, snapshot.FractionLost, snapshot.CumulativeLost,
                        snapshot.ExtendedHighestSequence, snapshot.Jitter, snapshot.LastSenderReport, snapshot.DelaySinceLastSenderReport);
                }

                if (source.Kind == TrackKind.Video)
                {
                    videoSsrcs[videoCount++] = layer.Ssrc;
                }
            }

            if (source.Kind == TrackKind.Video)
            {
                videoTracks++;
                foreach (var downTrack in source.DownTracks)
                {
                    if (downTrack.NeedsKeyframe)
                    {
                        downTrack.RequestKeyframe();
                        break;
                    }
                }
            }
        }

        var buffer = ScratchBuffer.ForCurrentThread();
        var length = RtcpWriter.WriteReceiverReport(buffer, ConferenceEndpoint.BridgeRtcpSsrc, blocks[..blockCount]);
        if (videoCount > 0)
        {
            // The REMB value caps everything the publisher sends on the SSRCs listed (all its simulcast layers).
            length += RtcpWriter.WriteRemb(buffer.AsSpan(length), ConferenceEndpoint.BridgeRtcpSsrc, (ulong)(options.Value.MaxPublisherBitrate * videoTracks), videoSsrcs[..videoCount]);
        }

        transport.SendRtcp(buffer, length);
    }
}
