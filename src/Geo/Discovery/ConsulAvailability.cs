using Microsoft.Extensions.Logging;

namespace OctoMesh.Geo.Discovery;

/// <summary>
/// Tracks whether Consul answers, across the watch and the heartbeat, so that an outage logs exactly
/// one warning when it starts and one information line when it ends; the retries in between log at
/// Debug only.
/// </summary>
internal sealed class ConsulAvailability(ILogger logger, Uri address, TimeProvider time)
{
    private readonly Lock _gate = new();
    private bool _down;
    private long _downSince;
    private int _failures;

    public bool IsDown
    {
        get
        {
            lock (_gate)
            {
                return _down;
            }
        }
    }

    public void Failed(string operation, ConsulCallResult result, int knownBridges, TimeSpan retryIn)
    {
        bool first;
        lock (_gate)
        {
            first = !_down;
            if (first)
            {
                _down = true;
                _downSince = time.GetTimestamp();
                _failures = 0;
            }
            _failures++;
        }
        if (first)
        {
            ConsulRegistryLog.ConsulUnreachable(logger, address, operation, result.ToString(), knownBridges, retryIn.TotalMilliseconds);
        }
        else
        {
            ConsulRegistryLog.ConsulRetryFailed(logger, operation, result.ToString(), retryIn.TotalMilliseconds);
        }
    }

    public void Succeeded()
    {
        double downSeconds;
        int failures;
        lock (_gate)
        {
            if (!_down)
            {
                return;
            }
            _down = false;
            downSeconds = time.GetElapsedTime(_downSince).TotalSeconds;
            failures = _failures;
        }
        ConsulRegistryLog.ConsulRecovered(logger, address, downSeconds, failures);
    }
}
