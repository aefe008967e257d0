using OctoMesh.Geo.Discovery;

namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>The pure rules under the Consul client: durations, blocking-query index, backoff, rate limit.</summary>
[Trait(Tier.Name, Tier.Unit)]
public class ConsulProtocolRulesTests
{
    [Theory]
    [InlineData(15_000, "15s")]
    [InlineData(60_000, "60s")]
    [InlineData(250, "250ms")]
    public void Durations_are_written_as_Go_reads_them(int milliseconds, string expected)
    {
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData("1m30s", 90_000)]
    [InlineData("5m", 300_000)]
    [InlineData("100ms", 100)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0", 0)]
    public void Durations_parse_like_Go(string text, int milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("s")]
    public void Garbage_durations_are_refused(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0UL, 42UL, 42UL, false)]   // first answer: block on what came back
    [InlineData(42UL, 57UL, 57UL, false)]  // advanced
    [InlineData(42UL, 42UL, 42UL, false)]  // wait elapsed, nothing changed
    [InlineData(57UL, 12UL, 0UL, true)]    // went backwards: reset to 0
    [InlineData(42UL, 0UL, 1UL, false)]    // zero: never block on 0, use 1
    public void Blocking_index_follows_the_documented_rules(ulong sent, ulong returned, ulong next, bool backwards)
    {
        Assert.Equal(new BlockingQueryIndex.Next(next, backwards), BlockingQueryIndex.After(sent, returned));
    }

    [Fact]
    public void A_missing_index_header_blocks_on_1()
    {
        Assert.Equal(1UL, BlockingQueryIndex.After(42, null).Index);
    }

    [Fact]
    public void Backoff_never_shrinks_and_stops_at_the_ceiling()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
        var delays = Enumerable.Range(0, 12).Select(_ => backoff.NextDelay()).ToArray();
        for (var i = 1; i < delays.Length; i++)
        {
            Assert.True(delays[i] >= delays[i - 1] || delays[i] >= TimeSpan.FromSeconds(1),
                $"delay {i} ({delays[i]}) shrank from {delays[i - 1]}");
        }
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2)));
        backoff.Reset();
        Assert.InRange(backoff.NextDelay(), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Watch_rate_limit_allows_a_burst_of_two_then_spaces_requests()
    {
        var limiter = new WatchRateLimiter(TimeSpan.FromHours(1), TimeProvider.System);
        Assert.Equal(TimeSpan.Zero, limiter.Take());
        Assert.Equal(TimeSpan.Zero, limiter.Take());
        Assert.InRange(limiter.Take(), TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [Fact]
    public void Stress_travels_in_the_check_output()
    {
        Assert.Equal("stress=0.42", ConsulServiceMapping.StressOutput(0.42));
        Assert.Equal(0.42, ConsulServiceMapping.ParseStress("stress=0.42"));
        Assert.Equal(0, ConsulServiceMapping.ParseStress("TTL expired"));
        Assert.Equal(0, ConsulServiceMapping.ParseStress("stress=NaN"));
    }
}
