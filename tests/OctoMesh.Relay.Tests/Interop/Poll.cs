using System.Diagnostics;
using Xunit.Sdk;

namespace OctoMesh.Relay.Tests.Interop;

/// <summary>Polls a condition with a generous deadline (STYLE.md habit 8: no guessed sleeps).</summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> holds, TimeSpan deadline, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (holds(value))
            {
                return value;
            }
            if (clock.Elapsed > deadline)
            {
                throw new XunitException($"Timed out after {deadline.TotalSeconds:0.#} s waiting for: {what}. Last seen: {value}");
            }
            await Task.Delay(Interval);
        }
    }
}
