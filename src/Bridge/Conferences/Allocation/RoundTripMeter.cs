using OctoMesh.Media.Rtcp;

namespace OctoMesh.Bridge.Conferences.Allocation;

/// <summary>
/// The round trip to one viewer, from its receiver reports (RFC 3550 §6.4.1): the bridge remembers when it sent each
/// sender report (by the middle 32 bits of its NTP timestamp), and a report block that echoes one as LSR gives
/// round trip = now − sent − DLSR. Smoothed (⅞ old, ⅛ new, as RFC 6298 does for TCP) and held within 1 ms–1 s.
/// </summary>
public sealed class RoundTripMeter(TimeProvider time)
{
    /// <summary>Until a report measures it: what GCC assumes.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromMilliseconds(100);

    private const int SentReports = 128;
    private static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(1);
    private readonly Lock _lock = new();
    private readonly (uint Ntp, long SentAt)[] _sent = new (uint, long)[SentReports];
    private int _next;
    private TimeSpan _smoothed = Default;
    private long _samples;

    /// <summary>The smoothed round trip, or <see cref="Default"/> before the first sample.</summary>
    public TimeSpan RoundTrip
    {
        get
        {
            lock (_lock)
            {
                return _smoothed;
            }
        }
    }

    /// <summary>Reports that measured it.</summary>
    public long Samples => Interlocked.Read(ref _samples);

    /// <summary>A sender report went to the viewer with this NTP timestamp's middle 32 bits (what it will echo as LSR).</summary>
    public void OnSenderReportSent(uint ntpMiddle)
    {
        lock (_lock)
        {
            _sent[_next] = (ntpMiddle, time.GetTimestamp());
            _next = (_next + 1) % SentReports;
        }
    }

    /// <summary>A report block from the viewer; true when it measured the round trip (its LSR names a report sent here).</summary>
    public bool OnReportBlock(in ReportBlock block)
    {
        if (block.LastSenderReport == 0)
        {
            return false;
        }

        lock (_lock)
        {
            foreach (var (ntp, sentAt) in _sent)
            {
                if (ntp != block.LastSenderReport || sentAt == 0)
                {
                    continue;
                }

                // DLSR is in units of 1/65536 s.
                var sample = time.GetElapsedTime(sentAt) - TimeSpan.FromSeconds(block.DelaySinceLastSenderReport / 65536.0);
                sample = sample < Shortest ? Shortest : sample > Longest ? Longest : sample;
                _smoothed = Interlocked.Increment(ref _samples) == 1 ? sample : (_smoothed * 7 + sample) / 8;
                return true;
            }
        }

        return false;
    }
}
