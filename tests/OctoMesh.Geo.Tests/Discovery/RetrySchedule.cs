using System.Globalization;
using System.Text.RegularExpressions;

namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>
/// Checks a retry schedule from what an operator sees: the delays the registry announces in its outage
/// and retry log lines, and the moments the attempts really went out. The announced delays must follow
/// equal jitter (the n-th in [d/2, d], d = min(max, initial * 2^n)), and every attempt must wait at least
/// the delay announced before it. Both hold however loaded the machine is: a stall only lengthens a gap.
/// </summary>
public static partial class RetrySchedule
{
    private const int UnreachableEvent = 4101;
    private const int RetryFailedEvent = 4103;
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(2);

    /// <summary>The delays announced by outage and retry lines, in order, from the <paramref name="skip"/>-th entry on.</summary>
    public static IReadOnlyList<TimeSpan> Announced<T>(CapturedLog<T> log, int skip = 0) =>
        log.Entries.Skip(skip)
            .Where(e => e.EventId.Id is UnreachableEvent or RetryFailedEvent)
            .Select(e => DelayPattern().Match(e.Message))
            .Where(m => m.Success)
            .Select(m => TimeSpan.FromMilliseconds(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)))
            .ToArray();

    /// <summary>
    /// Asserts that <paramref name="announced"/>[i] is the i-th equal-jitter delay and that the gap between
    /// attempt i and attempt i+1 in <paramref name="attempts"/> is at least that delay.
    /// </summary>
    public static void AssertFollowed(IReadOnlyList<TimeSpan> announced, IReadOnlyList<TimeSpan> attempts, TimeSpan initial, TimeSpan max)
    {
        var checkable = Math.Min(announced.Count, attempts.Count - 1);
        Assert.True(checkable >= 4, $"only {checkable} announced retries to check");
        for (var i = 0; i < checkable; i++)
        {
            var ceiling = TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, i)));
            var delay = announced[i];
            // Announced delays are rounded to whole milliseconds.
            Assert.InRange(delay.TotalMilliseconds, Math.Floor(ceiling.TotalMilliseconds / 2) - 1, ceiling.TotalMilliseconds + 1);
            var gap = attempts[i + 1] - attempts[i];
            Assert.True(gap >= delay - TimerSlack, $"attempt {i + 2} came {gap.TotalMilliseconds:0} ms after the previous one, "
                + $"sooner than the {delay.TotalMilliseconds:0} ms announced");
        }
    }

    [GeneratedRegex(@"in (\d+) ms")]
    private static partial Regex DelayPattern();
}
