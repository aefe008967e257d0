using OctoMesh.Media.Bwe;

namespace OctoMesh.Media.Tests.Bwe;

/// <summary>
/// A sender, a <see cref="SimulatedLink"/> and a receiver reporting every <see cref="FeedbackIntervalUs"/> (as Chrome
/// sends transport-cc feedback), around one <see cref="GccEstimator"/>, stepped 1 ms at a time in virtual time. The
/// sender sends 30 frames a second at what <see cref="ChooseRate"/> picks from the estimate (all of it, up to a
/// demand, by default; a simulcast layer in the layer tests), and the probe clusters the estimator asks for, paced
/// over the cluster's duration in padding-sized packets.
/// </summary>
internal sealed class BweSimulation(SimulatedLink link, long demand)
{
    public const long FeedbackIntervalUs = 50_000;
    private const long StepUs = 1_000;
    private const long FrameIntervalUs = 33_333;
    private const int MediaPacketSize = 1200;
    private const int ProbePacketSize = 250;

    private readonly List<(long SendUs, int Size, long? ArrivalUs, int Probe)> _unreported = [];
    private readonly Queue<(long DeliverUs, PacketResult[] Results)> _feedback = new();
    private long _nextFrameUs;
    private long _nextFeedbackUs = FeedbackIntervalUs;
    private (ProbeCluster Cluster, long StartUs, int Sent, int Total)? _probe;

    public GccEstimator Estimator { get; } = new();

    public long NowUs { get; private set; }

    public long Demand { get; set; } = demand;

    /// <summary>The media rate the sender sends given the estimate.</summary>
    public Func<long, long> ChooseRate { get; set; } = estimate => estimate;

    public long MediaRate { get; private set; }

    /// <summary>How much longer than planned the sender takes to send a probe cluster (a pacer whose ticks run late).</summary>
    public double ProbeStretch { get; init; } = 1.0;

    public void RunFor(TimeSpan duration, Action? everyStep = null)
    {
        var end = NowUs + (long)(duration.TotalMilliseconds * 1000);
        while (NowUs < end)
        {
            NowUs += StepUs;
            SendMedia();
            SendProbe();
            Report();
            Deliver();
            everyStep?.Invoke();
        }
    }

    private void SendMedia()
    {
        if (NowUs < _nextFrameUs)
        {
            return;
        }

        _nextFrameUs += FrameIntervalUs;
        MediaRate = Math.Min(ChooseRate(Estimator.Estimate), Demand);
        var frameBytes = (int)(MediaRate * FrameIntervalUs / 8 / 1_000_000);
        for (var sent = 0; sent < frameBytes; sent += MediaPacketSize)
        {
            Send(Math.Min(MediaPacketSize, frameBytes - sent), PacketResult.NoProbe);
        }
    }

    private void SendProbe()
    {
        if (_probe is null && Estimator.PollProbe(Demand, NowUs) is { } cluster)
        {
            var total = Math.Max(ProbeCluster.MinPackets, cluster.Bytes / ProbePacketSize);
            Estimator.OnProbeSent(cluster, total);
            _probe = (cluster, NowUs, 0, total);
        }

        if (_probe is not { } probe)
        {
            return;
        }

        // Paced: by now, this share of the cluster's packets is due.
        var due = (int)Math.Min(probe.Total, ((NowUs - probe.StartUs + StepUs) * probe.Total / (ProbeCluster.DurationUs * ProbeStretch)) + 1);
        var sent = probe.Sent;
        for (; sent < due; sent++)
        {
            Send(ProbePacketSize, probe.Cluster.Id);
        }

        _probe = sent >= probe.Total ? null : probe with { Sent = sent };
    }

    private void Send(int size, int probe) => _unreported.Add((NowUs, size, link.Send(size, NowUs), probe));

    private void Report()
    {
        if (NowUs < _nextFeedbackUs)
        {
            return;
        }

        // The receiver reports, in order, what arrived by now and what it knows is missing (sent before an arrival).
        _nextFeedbackUs += FeedbackIntervalUs;
        var lastArrived = _unreported.FindLastIndex(p => p.ArrivalUs is { } at && at <= NowUs);
        if (lastArrived < 0)
        {
            return;
        }

        var results = _unreported.Take(lastArrived + 1)
            .Where(p => p.ArrivalUs is null || p.ArrivalUs <= NowUs)
            .Select(p => new PacketResult(p.SendUs, p.Size, p.ArrivalUs ?? PacketResult.NotReceived, p.Probe))
            .ToArray();
        _unreported.RemoveRange(0, lastArrived + 1);
        _feedback.Enqueue((NowUs + 20_000, results));
    }

    private void Deliver()
    {
        while (_feedback.TryPeek(out var next) && next.DeliverUs <= NowUs)
        {
            _feedback.Dequeue();
            Estimator.OnFeedback(next.Results, NowUs);
        }
    }
}
