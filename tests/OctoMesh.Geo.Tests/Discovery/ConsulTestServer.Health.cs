using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OctoMesh.Geo.Discovery;

namespace OctoMesh.Geo.Tests.Discovery;

public sealed partial class ConsulTestServer
{
    // --- Health endpoint with blocking queries (api-docs/features/blocking) ---

    private async Task HealthServiceAsync(HttpContext context, string name)
    {
        var record = (ConsulRecordedRequest)context.Items[RecordKey]!;
        var query = context.Request.Query;
        if (query.TryGetValue("dc", out var dc) && dc.ToString() != _options.Datacenter)
        {
            await Text(context, 500, "No path to datacenter");
            return;
        }
        var access = Authorize(context, write: false);
        if (access == Access.TokenNotFound)
        {
            await Text(context, 403, "ACL not found");
            return;
        }
        var passingOnly = query.TryGetValue("passing", out var passing) && passing.ToString() is not ("false" or "0");
        ulong minIndex = 0;
        if (query.TryGetValue("index", out var indexText) && !ulong.TryParse(indexText, out minIndex))
        {
            await Text(context, 400, "Invalid index");
            return;
        }
        var wait = TimeSpan.FromMinutes(5);
        if (query.TryGetValue("wait", out var waitText) && !GoDuration.TryParse(waitText, out wait))
        {
            await Text(context, 400, "Invalid wait time");
            return;
        }
        wait = wait > TimeSpan.FromMinutes(10) ? TimeSpan.FromMinutes(10) : wait;
        if (_options.WaitJitter)
        {
            wait += wait / 16 * Random.Shared.NextDouble();
        }
        if (minIndex > 0 && !await HoldAsync(context, name, minIndex, Now + wait))
        {
            context.Abort();
            return;
        }
        if (_fail500)
        {
            await Text(context, 500, "No cluster leader");
            return;
        }
        JsonArray entries;
        ulong index;
        lock (_gate)
        {
            index = _serviceIndexes.GetValueOrDefault(name, 1UL);
            entries = access == Access.AnonymousFiltered ? [] : HealthEntriesLocked(name, passingOnly);
        }
        record.ReturnedIndex = _zeroIndex ? 0 : index;
        context.Response.Headers["X-Consul-Index"] = record.ReturnedIndex.Value.ToString();
        context.Response.Headers["X-Consul-KnownLeader"] = "true";
        context.Response.Headers["X-Consul-LastContact"] = "0";
        if (access == Access.AnonymousFiltered)
        {
            context.Response.Headers["X-Consul-Results-Filtered-By-ACLs"] = "true";
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(entries.ToJsonString());
    }

    /// <summary>Holds until the service's index passes <paramref name="minIndex"/>, the deadline, or a restore; false when the server went down.</summary>
    private async Task<bool> HoldAsync(HttpContext context, string name, ulong minIndex, TimeSpan deadline)
    {
        CancellationToken down;
        long generation;
        lock (_gate)
        {
            down = _down.Token;
            generation = _generation;
        }
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(down, context.RequestAborted, _stopping.Token);
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_serviceIndexes.GetValueOrDefault(name, 1UL) > minIndex || _generation != generation || _fail500)
                {
                    return true;
                }
                signal = _changed.Task;
            }
            var remaining = deadline - Now;
            if (remaining <= TimeSpan.Zero)
            {
                return true;
            }
            try
            {
                await signal.WaitAsync(remaining, abort.Token);
            }
            catch (TimeoutException)
            {
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    private JsonArray HealthEntriesLocked(string name, bool passingOnly)
    {
        var entries = new JsonArray();
        foreach (var service in _services.Values.Where(s => s.Name == name).OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            var checks = new JsonArray
            {
                new JsonObject
                {
                    ["Node"] = NodeName, ["CheckID"] = "serfHealth", ["Name"] = "Serf Health Status",
                    ["Status"] = "passing", ["Notes"] = "", ["Output"] = "Agent alive and reachable",
                    ["ServiceID"] = "", ["ServiceName"] = "", ["ServiceTags"] = new JsonArray(), ["Type"] = "",
                    ["CreateIndex"] = 5, ["ModifyIndex"] = 5,
                },
            };
            var allPassing = true;
            foreach (var check in _checks.Values.Where(c => c.ServiceId == service.Id))
            {
                allPassing &= check.Status == "passing";
                checks.Add(new JsonObject
                {
                    ["Node"] = NodeName, ["CheckID"] = check.CheckId, ["Name"] = check.Name,
                    ["Status"] = check.Status, ["Notes"] = "", ["Output"] = check.Output,
                    ["ServiceID"] = service.Id, ["ServiceName"] = service.Name,
                    ["ServiceTags"] = new JsonArray(service.Tags.Select(t => (JsonNode?)t).ToArray()), ["Type"] = "ttl",
                    ["CreateIndex"] = service.CreateIndex, ["ModifyIndex"] = _serviceIndexes.GetValueOrDefault(name, 1UL),
                });
            }
            if (passingOnly && !allPassing)
            {
                continue;
            }
            entries.Add(new JsonObject
            {
                ["Node"] = new JsonObject
                {
                    ["ID"] = "40e4a748-2192-161a-0510-9bf59fe950b5", ["Node"] = NodeName, ["Address"] = "127.0.0.1",
                    ["Datacenter"] = _options.Datacenter,
                    ["TaggedAddresses"] = new JsonObject { ["lan"] = "127.0.0.1", ["wan"] = "127.0.0.1" },
                    ["Meta"] = new JsonObject(), ["CreateIndex"] = 5, ["ModifyIndex"] = 5,
                },
                ["Service"] = new JsonObject
                {
                    ["ID"] = service.Id, ["Service"] = service.Name,
                    ["Tags"] = new JsonArray(service.Tags.Select(t => (JsonNode?)t).ToArray()),
                    ["Address"] = service.Address,
                    ["Meta"] = new JsonObject(service.Meta.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
                    ["Port"] = service.Port,
                    ["Weights"] = new JsonObject { ["Passing"] = 1, ["Warning"] = 1 },
                    ["EnableTagOverride"] = false,
                    ["CreateIndex"] = service.CreateIndex, ["ModifyIndex"] = service.ModifyIndex,
                },
                ["Checks"] = checks,
            });
        }
        return entries;
    }
}
