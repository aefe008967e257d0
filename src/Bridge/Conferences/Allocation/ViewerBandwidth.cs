using OctoMesh.Media.Bwe;
using OctoMesh.Media.Rtcp;
using OctoMesh.Media.Rtp;

namespace OctoMesh.Bridge.Conferences.Allocation;

/// <summary>
/// How much one viewer's downlink takes: the bridge stamps a transport-wide sequence number on everything it sends
/// the viewer (when the viewer negotiated transport-cc), matches the viewer's feedback with what it sent, and runs a
/// <see cref="GccEstimator"/> on it. Without transport-cc, the viewer's REMB is the estimate; without either, the
/// budget is unlimited. Stamping runs on every sending thread, lock-free; feedback and probing take the lock.
/// </summary>
public sealed class ViewerBandwidth(TimeProvider time)
{
    /// <summary>Kept for audio out of every estimate (Opus at its usual rate, with headers), so audio is never cut.</summary>
    public const long AudioAllowance = 48_000;

    private const int MaxResultsPerFeedback = 2048;
    private readonly Lock _lock = new();
    private readonly GccEstimator _estimator = new();
    // Made when transport-cc is negotiated: a publisher or relayed endpoint never needs the ~260 KB.
    private SendHistory? _history;
    private PacketResult[] _results = [];
    private int _transportCcId;
    private long _remb;
    private long _feedbacks;
    private long _malformedFeedback;

    /// <summary>The viewer's transport-wide sequence number extension id; 0 while transport-cc is not negotiated.</summary>
    public int TransportCcId
    {
        get => Volatile.Read(ref _transportCcId);
        set
        {
            lock (_lock)
            {
                if (value != 0 && _history is null)
                {
                    _results = new PacketResult[MaxResultsPerFeedback];
                    Volatile.Write(ref _history, new SendHistory());
                }
            }

            Volatile.Write(ref _transportCcId, value);
        }
    }

    /// <summary>The round trip to the viewer, from its receiver reports; GCC's AIMD and loss bound pace themselves by it.</summary>
    public RoundTripMeter RoundTrip { get; } = new(time);

    /// <summary>Transport-cc feedback packets used, and dropped as malformed.</summary>
    public long Feedbacks => Interlocked.Read(ref _feedbacks);

    public long MalformedFeedback => Interlocked.Read(ref _malformedFeedback);

    public long ProbeBytes
    {
        get
        {
            lock (_lock)
            {
                return _estimator.ProbeBytes;
            }
        }
    }

    /// <summary>Probe clusters measured, and the last measurement (bit/s).</summary>
    public (int Count, long Last) ProbeResults
    {
        get
        {
            lock (_lock)
            {
                return (_estimator.ProbeResults, _estimator.LastProbeResult);
            }
        }
    }

    /// <summary>The share of packets the viewer reported lost over the estimator's last interval (transport-cc only).</summary>
    public double RecentLoss
    {
        get
        {
            lock (_lock)
            {
                return _estimator.LossFraction;
            }
        }
    }

    /// <summary>Where the estimate comes from now.</summary>
    public string Mode => TransportCcId != 0 ? "transport-cc" : Interlocked.Read(ref _remb) > 0 ? "remb" : "none";

    /// <summary>The estimate in bit/s: GCC's with transport-cc, the viewer's REMB without, unlimited with neither.</summary>
    public long Estimate
    {
        get
        {
            if (TransportCcId != 0)
            {
                lock (_lock)
                {
                    return _estimator.Estimate;
                }
            }

            var remb = Interlocked.Read(ref _remb);
            return remb > 0 ? remb : LayerAllocator.Unlimited;
        }
    }

    /// <summary>What the allocator may give video: the estimate less audio for each audio track.</summary>
    public long VideoBudget(int audioTracks)
    {
        var estimate = Estimate;
        return estimate == LayerAllocator.Unlimited ? estimate : Math.Max(0, estimate - (audioTracks * AudioAllowance));
    }

    /// <summary>
    /// Stamp the packet in <paramref name="buffer"/> before it is sent (RTP only, after every other rewrite);
    /// returns its new length. A packet that cannot take the extension goes unstamped (and unaccounted).
    /// </summary>
    public int Stamp(Span<byte> buffer, int length, in RtpHeader header, int probeCluster = PacketResult.NoProbe)
    {
        var id = TransportCcId;
        if (id == 0 || Volatile.Read(ref _history) is not { } history)
        {
            return length;
        }

        var sizeAfter = length + (header.HasExtension ? 0 : TransportSequenceNumber.MaxGrowth);
        var sequence = history.Record(sizeAfter, NowUs(), probeCluster);
        var stamped = TransportSequenceNumber.Write(buffer, length, header, id, sequence);
        return stamped < 0 ? length : stamped;
    }

    /// <summary>A transport-cc feedback from the viewer (RTPFB FMT 15): dropped and counted when malformed.</summary>
    public void OnTransportFeedback(RtcpPacketView rtcp)
    {
        if (!TransportCcFeedback.TryParse(rtcp, out var feedback))
        {
            Interlocked.Increment(ref _malformedFeedback);
            return;
        }

        if (Volatile.Read(ref _history) is not { } history)
        {
            // Feedback for packets this bridge never stamped (transport-cc not negotiated): nothing to match.
            Interlocked.Increment(ref _malformedFeedback);
            return;
        }

        Interlocked.Increment(ref _feedbacks);
        lock (_lock)
        {
            var count = TransportFeedbackResults.Collect(feedback, history, _results);
            _estimator.RoundTripUs = (long)(RoundTrip.RoundTrip.TotalMicroseconds);
            _estimator.OnFeedback(_results.AsSpan(0, count), NowUs());
        }
    }

    /// <summary>The viewer's own receive-side estimate (REMB), the fallback without transport-cc.</summary>
    public void OnRemb(ulong bitrate) => Interlocked.Exchange(ref _remb, (long)Math.Min(bitrate, long.MaxValue / 2));

    /// <summary>A probe cluster to send now, or null; <paramref name="desired"/> is what the viewer's tracks could use.</summary>
    public ProbeCluster? PollProbe(long desired)
    {
        if (TransportCcId == 0)
        {
            return null;
        }

        lock (_lock)
        {
            return _estimator.PollProbe(desired, NowUs());
        }
    }

    public void OnProbeSent(ProbeCluster cluster, int packets)
    {
        lock (_lock)
        {
            _estimator.OnProbeSent(cluster, packets);
        }
    }

    private long NowUs() => (long)(time.GetTimestamp() * (1_000_000.0 / time.TimestampFrequency));
}
