using System.Diagnostics;
using Xunit.Sdk;

namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>Polls a condition until it holds or a deadline passes (STYLE.md habit 8: no guessed sleeps).</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public static async Task<TimeSpan> Until(Func<bool> condition, TimeSpan deadline, string what, Func<string>? describe = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed >= deadline)
            {
                var state = describe is null ? "" : $"{Environment.NewLine}Last seen:{Environment.NewLine}{describe()}";
                throw new XunitException($"Timed out after {deadline.TotalSeconds:0.#} s waiting for: {what}{state}");
            }
            await Task.Delay(PollInterval);
        }
        return clock.Elapsed;
    }
}
