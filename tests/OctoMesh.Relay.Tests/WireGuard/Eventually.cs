namespace OctoMesh.Relay.Tests.WireGuard;

/// <summary>Polls a condition until it holds or a generous deadline passes (real sockets, no sleeps as synchronisation).</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string what, int timeoutMilliseconds = 5000)
    {
        DateTime deadline = DateTime.UtcNow.AddMilliseconds(timeoutMilliseconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeoutMilliseconds} ms waiting for: {what}");
            }
            await Task.Delay(5);
        }
    }
}
