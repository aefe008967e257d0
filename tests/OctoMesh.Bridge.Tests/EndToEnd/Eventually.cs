using System.Diagnostics;
using Xunit.Sdk;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// Polls a condition until it holds or a deadline passes. End-to-end tests run in real time
/// (browsers, sockets, codecs), so they wait for what a user would see instead of sleeping a
/// guessed amount (STYLE.md habit 8).
/// </summary>
public static class Eventually
{
    /// <summary>How long to wait between two evaluations of the condition.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Waits until <paramref name="condition"/> returns true, failing with <paramref name="what"/>
    /// when <paramref name="deadline"/> passes first. Exceptions thrown by the condition are not
    /// caught: a condition that detects a hopeless state (an error shown on the page) fails at once.
    /// </summary>
    public static Task Until(Func<Task<bool>> condition, TimeSpan deadline, string what) =>
        Until(condition, deadline, what, describe: null);

    /// <summary>
    /// Like <see cref="Until(Func{Task{bool}}, TimeSpan, string)"/>; on timeout the failure message
    /// also carries <paramref name="describe"/>'s account of the state last seen (page status, stats).
    /// </summary>
    public static async Task<TimeSpan> Until(
        Func<Task<bool>> condition, TimeSpan deadline, string what, Func<Task<string>>? describe)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return clock.Elapsed;
            }
            if (clock.Elapsed >= deadline)
            {
                var state = describe is null ? "" : $"{Environment.NewLine}Last seen: {await describe()}";
                throw new XunitException(
                    $"Timed out after {deadline.TotalSeconds:0.#} s waiting for: {what}{state}");
            }
            await Task.Delay(PollInterval);
        }
    }
}
