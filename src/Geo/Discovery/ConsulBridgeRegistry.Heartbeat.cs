namespace OctoMesh.Geo.Discovery;

public sealed partial class ConsulBridgeRegistry
{
    /// <summary>
    /// Refreshes the TTL check every <see cref="ConsulRegistryOptions.RefreshInterval"/>; after a failure
    /// waits the backoff instead. Re-registers when the agent lost the service (404) or the drain flag changed.
    /// </summary>
    private async Task HeartbeatLoopAsync(TimeSpan firstDelay, RetryBackoff backoff, CancellationToken stop)
    {
        var delay = firstDelay;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(delay, _time, stop);
            ConsulCallResult result;
            await _writeGate.WaitAsync(stop);
            try
            {
                if (_self is null)
                {
                    return;
                }
                result = await RefreshLockedAsync(stop);
            }
            finally
            {
                _writeGate.Release();
            }
            if (result.IsOk)
            {
                backoff.Reset();
                delay = _options.RefreshInterval;
            }
            else
            {
                delay = backoff.NextDelay();
                ReportFailure("heartbeat", result, delay);
            }
        }
    }

    /// <summary>One refresh: (re-)register when needed, otherwise a TTL update carrying the stress. Caller holds <see cref="_writeGate"/>.</summary>
    private async Task<ConsulCallResult> RefreshLockedAsync(CancellationToken cancellationToken)
    {
        var self = _self!;
        if (!_registered || _registeredDraining != self.Draining)
        {
            // Meta only changes by registering again; Consul replaces the service definition in place.
            return await RegisterOnceAsync(ConsulServiceMapping.ToRegistration(self, _options), cancellationToken);
        }
        var result = await _api.UpdateTtlAsync(
            ConsulServiceMapping.CheckId(self.Id), "passing", ConsulServiceMapping.StressOutput(self.Stress), cancellationToken);
        if (result.Outcome == ConsulCallOutcome.NotFound)
        {
            // The agent restarted without its state (or an operator removed us): announce again.
            ConsulRegistryLog.ServiceForgotten(_logger, self.Id, result.ToString());
            return await RegisterOnceAsync(ConsulServiceMapping.ToRegistration(self, _options), cancellationToken);
        }
        if (result.IsOk)
        {
            _availability.Succeeded();
        }
        return result;
    }

    private async Task<ConsulCallResult> RegisterOnceAsync(ConsulServiceRegistration registration, CancellationToken cancellationToken)
    {
        var result = await _api.RegisterAsync(registration, cancellationToken);
        if (!result.IsOk)
        {
            return result;
        }
        _registered = true;
        _registeredDraining = registration.Meta[ConsulServiceMapping.MetaDraining] == "true";
        _availability.Succeeded();
        ConsulRegistryLog.Registered(_logger, registration.Id, registration.Name, _options.Address, registration.Check.Ttl);
        // A check definition has no Output: publish the stress at once rather than a refresh interval later.
        var self = _self!;
        return await _api.UpdateTtlAsync(
            registration.Check.CheckId, "passing", ConsulServiceMapping.StressOutput(self.Stress), cancellationToken);
    }

    private void ReportFailure(string operation, ConsulCallResult result, TimeSpan retryIn)
    {
        if (result.Outcome == ConsulCallOutcome.Unreachable)
        {
            _availability.Failed(operation, result, Current.Count, retryIn);
        }
        else if (FirstTime($"{operation}:{result.StatusCode}:{result.Message}"))
        {
            ConsulRegistryLog.ConsulRejected(_logger, operation, result.ToString(), _options.ServiceName);
        }
    }
}
