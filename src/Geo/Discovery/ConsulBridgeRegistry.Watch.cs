namespace OctoMesh.Geo.Discovery;

public sealed partial class ConsulBridgeRegistry
{
    /// <summary>
    /// The blocking-query loop over <c>/v1/health/service/&lt;name&gt;?passing</c> (Consul
    /// api-docs/features/blocking): send the last <c>X-Consul-Index</c> with <c>wait</c>, apply the
    /// documented index rules (<see cref="BlockingQueryIndex"/>), rate-limit with a burst-2 token bucket,
    /// and on failure keep the last known set and retry with backoff.
    /// </summary>
    private async Task WatchLoopAsync(CancellationToken stop)
    {
        var backoff = new RetryBackoff(_options.InitialBackoff, _options.MaxBackoff);
        var limiter = new WatchRateLimiter(_options.MinWatchInterval, _time);
        ulong index = 0;
        while (!stop.IsCancellationRequested)
        {
            var pause = limiter.Take();
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, _time, stop);
            }
            var answer = await _api.HealthServiceAsync(index, stop);
            if (!answer.Result.IsOk)
            {
                var delay = backoff.NextDelay();
                ReportFailure("watch", answer.Result, delay);
                // Ask without blocking next: its answer says at once that Consul is back, with the set as it is now.
                index = 0;
                await Task.Delay(delay, _time, stop);
                continue;
            }
            backoff.Reset();
            _availability.Succeeded();
            var next = BlockingQueryIndex.After(index, answer.Index);
            if (next.WentBackwards)
            {
                ConsulRegistryLog.IndexWentBackwards(_logger, index, answer.Index!.Value);
            }
            index = next.Index;
            if (answer.FilteredByAcls && FirstTime("filtered-by-acls"))
            {
                ConsulRegistryLog.ResultsFilteredByAcls(_logger, _options.ServiceName);
            }
            Publish(answer.Entries);
        }
    }

    private void Publish(IReadOnlyList<ConsulServiceEntry> entries)
    {
        var seenAt = _time.GetUtcNow();
        var records = new List<BridgeRecord>(entries.Count);
        foreach (var entry in entries)
        {
            var parsed = ConsulServiceMapping.FromEntry(entry, seenAt);
            if (parsed.Record is { Healthy: true } record)
            {
                records.Add(record);
            }
            else if (parsed.Error is { } error && FirstTime("skip:" + error))
            {
                ConsulRegistryLog.EntrySkipped(_logger, error);
            }
        }
        var set = BridgeSets.Ordered(records);
        bool changed;
        lock (_gate)
        {
            changed = !BridgeSets.Equivalent(_current, set);
            _current = set;
        }
        if (changed)
        {
            ConsulRegistryLog.BridgeSetChanged(_logger, set.Count, string.Join(",", set.Select(r => r.Id)));
            Changed?.Invoke(set);
        }
    }
}
