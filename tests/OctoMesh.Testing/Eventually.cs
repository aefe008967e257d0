using System.Diagnostics;
using Xunit.Sdk;

namespace OctoMesh.Testing;

/// <summary>
/// Polls a condition until it holds or a deadline passes: the one way a real-time test waits
/// (STYLE.md habit 8). The deadline is generous on purpose: a test asserts that a thing happens,
/// never how fast; speed is measured by benchmarks and the load generator.
/// </summary>
public static class Eventually
{
    /// <summary>
    /// The deadline for anything a real network, process or browser must do: long enough that a
    /// loaded two-core CI machine never reaches it when the behaviour is right.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait between two evaluations when the caller does not say.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Waits until <paramref name="condition"/> returns true, failing with <paramref name="what"/> (and
    /// <paramref name="describe"/>'s account of the state last seen) when <paramref name="deadline"/> passes first.
    /// Exceptions thrown by the condition are not caught: a condition that sees a hopeless state fails at once.
    /// Returns how long the wait took, for a test to print (never to assert: see the class summary).
    /// </summary>
    public static Task<TimeSpan> Until(Func<bool> condition, TimeSpan deadline, string what, Func<string>? describe = null, TimeSpan? pollInterval = null) =>
        Until(() => Task.FromResult(condition()), deadline, what,
            describe is null ? null : () => Task.FromResult(describe()), pollInterval);

    /// <inheritdoc cref="Until(Func{bool}, TimeSpan, string, Func{string}?, TimeSpan?)"/>
    public static async Task<TimeSpan> Until(Func<Task<bool>> condition, TimeSpan deadline, string what, Func<Task<string>>? describe = null, TimeSpan? pollInterval = null)
    {
        var started = Stopwatch.GetTimestamp();
        await Read(async () => await condition(), holds => holds, deadline, what,
            describe is null ? null : async _ => await describe(), pollInterval);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Reads a value until <paramref name="holds"/> accepts it and returns that value; on timeout the failure names
    /// <paramref name="what"/> and the value last read.
    /// </summary>
    public static Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> holds, TimeSpan deadline, string what, TimeSpan? pollInterval = null) =>
        Read(read, holds, deadline, what, value => Task.FromResult($"{value}"), pollInterval);

    private static async Task<T> Read<T>(Func<Task<T>> read, Func<T, bool> holds, TimeSpan deadline, string what,
        Func<T, Task<string>>? describe, TimeSpan? pollInterval)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var value = await read();
            if (holds(value))
            {
                return value;
            }
            if (Stopwatch.GetElapsedTime(started) >= deadline)
            {
                var state = describe is null ? "" : $"{Environment.NewLine}Last seen: {await describe(value)}";
                throw new XunitException($"Timed out after {deadline.TotalSeconds:0.#} s waiting for: {what}{state}");
            }
            await Task.Delay(pollInterval ?? DefaultPollInterval);
        }
    }
}
