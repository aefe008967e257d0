using System.Globalization;
using System.Text.RegularExpressions;

namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>
/// Checks a retry schedule from what an operator sees: the delays the registry announces in its outage and
/// retry log lines must follow equal jitter (the n-th in [d/2, d], d = min(max, initial * 2^n)), and, in
/// virtual time, each next attempt must go out exactly when the announced delay has passed: not a tick
/// before, and as soon as it has.
/// </summary>
public static partial class RetrySchedule
{
    private const int UnreachableEvent = 4101;
    private const int RetryFailedEvent = 4103;

    /// <summary>The delays announced by outage and retry lines, in order, from the <paramref name="skip"/>-th entry on.</summary>
    public static IReadOnlyList<TimeSpan> Announced<T>(CapturedLog<T> log, int skip = 0) =>
        log.Entries.Skip(skip)
            .Where(e => e.EventId.Id is UnreachableEvent or RetryFailedEvent)
            .Select(e => DelayPattern().Match(e.Message))
            .Where(m => m.Success)
            .Select(m => TimeSpan.FromMilliseconds(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)))
            .ToArray();

    /// <summary>Asserts that <paramref name="announced"/>[i] is the i-th equal-jitter delay between <paramref name="initial"/> and <paramref name="max"/>.</summary>
    public static void AssertEqualJitter(IReadOnlyList<TimeSpan> announced, TimeSpan initial, TimeSpan max)
    {
        for (var i = 0; i < announced.Count; i++)
        {
            var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, i));
            Assert.InRange(announced[i].TotalMilliseconds, Math.Floor(ceiling / 2) - 1, ceiling + 1);
        }
    }

    /// <summary>
    /// Drives <paramref name="retries"/> retries in virtual time. For each: waits until the code under test has armed
    /// its retry timer, checks that the timer's delay is the one the log announced, advances to one tick before it
    /// (no attempt may go out) and then one tick more (the attempt must go out), and checks that the attempt's virtual
    /// gap to the one before equals that delay exactly. Returns the announced delays.
    /// </summary>
    public static async Task<IReadOnlyList<TimeSpan>> DriveAsync<T>(
        RecordingTimeProvider time, AttemptRecorder recorder, CapturedLog<T> log, int retries)
    {
        for (var i = 0; i < retries; i++)
        {
            await Eventually.Until(() => time.DueTimes.Count > i && Announced(log).Count > i, Eventually.Patience,
                $"retry {i + 1} to be announced and its timer armed", () => log.ToString());
            var delay = time.DueTimes[i];
            Assert.True(delay == Announced(log)[i], $"retry {i + 1} waits {delay.TotalMilliseconds} ms; the log announced {Announced(log)[i].TotalMilliseconds} ms");
            Assert.Equal(i + 1, recorder.Attempts.Count);

            time.Advance(delay - TimeSpan.FromTicks(1));
            Assert.Equal(i, time.TimersFired);
            time.Advance(TimeSpan.FromTicks(1));
            Assert.Equal(i + 1, time.TimersFired);

            await Eventually.Until(() => recorder.Attempts.Count > i + 1, Eventually.Patience, $"attempt {i + 2} after the announced {delay.TotalMilliseconds:0.###} ms");
            Assert.Equal(delay, recorder.Attempts[i + 1].At - recorder.Attempts[i].At);
        }
        return Announced(log);
    }

    [GeneratedRegex(@"in (\d+) ms")]
    private static partial Regex DelayPattern();
}
