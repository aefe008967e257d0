using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>
/// A stand-in for a Consul agent (plus its servers) on real Kestrel at 127.0.0.1:0, implementing exactly the
/// endpoints OctoMesh uses, as Consul's API docs describe them (developer.hashicorp.com/consul/api-docs):
/// <list type="bullet">
/// <item><c>PUT /v1/agent/service/register</c>: validates Name and Meta with Consul's limits, the check's
/// TTL; a TTL check starts critical unless the definition gives Status; re-registering replaces.</item>
/// <item><c>PUT /v1/agent/check/update/:id</c> and <c>/check/pass/:id</c>: 404 "Unknown check ID" for unknown ids,
/// 400 for a bad Status, resets the TTL clock.</item>
/// <item><c>PUT /v1/agent/service/deregister/:id</c>: 404 "Unknown service ID" for unknown ids.</item>
/// <item><c>GET /v1/health/service/:name</c>: <c>passing</c>, <c>dc</c>, blocking <c>index</c>/<c>wait</c>
/// (held until the index passes the one given or wait elapses, optional wait/16 jitter), headers
/// <c>X-Consul-Index</c>, <c>X-Consul-KnownLeader</c>, <c>X-Consul-LastContact</c>.</item>
/// <item>ACLs (when <see cref="ConsulTestServerOptions.AclToken"/> is set): <c>X-Consul-Token</c>; an unknown
/// token is 403 "ACL not found"; the anonymous token may not write (403 "Permission denied") and reads come
/// back filtered (empty, <c>X-Consul-Results-Filtered-By-ACLs: true</c>).</item>
/// <item>TTL expiry turns a check critical with Output "TTL expired", which drops the service from <c>?passing</c>.</item>
/// </list>
/// Test controls: <see cref="FailWith500"/>, <see cref="GoDown"/> (connections aborted), <see cref="RollBackIndex"/>
/// (a snapshot restore), <see cref="ReportZeroIndex"/>, <see cref="ForgetService"/> (an agent restarted without state).
/// Every request is recorded with server-clock times.
/// </summary>
public sealed partial class ConsulTestServer : IAsyncDisposable
{
    public const string NodeName = "consul-test-node";

    private readonly WebApplication _app;
    private readonly ConsulTestServerOptions _options;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<ConsulRecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, FakeService> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeCheck> _checks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> _serviceIndexes = new(StringComparer.Ordinal);
    private ulong _raftIndex = 10;
    private long _generation;
    private TaskCompletionSource _changed = NewSignal();
    private CancellationTokenSource _down = new();
    private Task? _ttlReaper;
    private volatile bool _isDown;
    private volatile bool _fail500;
    private volatile bool _zeroIndex;

    private ConsulTestServer(WebApplication app, ConsulTestServerOptions options)
    {
        _app = app;
        _options = options;
    }

    /// <summary>The agent's HTTP address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<ConsulRecordedRequest> Requests => _requests.ToArray();

    public static async Task<ConsulTestServer> StartAsync(ConsulTestServerOptions? options = null)
    {
        options ??= new ConsulTestServerOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{options.Port}");
        var app = builder.Build();
        var server = new ConsulTestServer(app, options);
        server.MapEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Address = new Uri(address.EndsWith('/') ? address : address + "/");
        server._ttlReaper = Task.Run(server.ReapExpiredTtlsAsync);
        return server;
    }

    /// <summary>Answer every request with 500, as an agent that lost its servers does ("No cluster leader").</summary>
    public void FailWith500(bool on)
    {
        _fail500 = on;
        Wake();
    }

    /// <summary>Stop answering: every request (held ones too) has its connection aborted, until <see cref="ComeBack"/>.</summary>
    public void GoDown()
    {
        lock (_gate)
        {
            _isDown = true;
            _down.Cancel();
        }
    }

    public void ComeBack()
    {
        lock (_gate)
        {
            _isDown = false;
            _down = new CancellationTokenSource();
        }
    }

    /// <summary>A snapshot restore: the raft index (and every service's) drops to <paramref name="index"/> and held queries return.</summary>
    public void RollBackIndex(ulong index)
    {
        lock (_gate)
        {
            _raftIndex = index;
            foreach (var name in _serviceIndexes.Keys.ToArray())
            {
                _serviceIndexes[name] = Math.Min(_serviceIndexes[name], index);
            }
            _generation++;
            WakeLocked();
        }
    }

    /// <summary>Answer <c>X-Consul-Index: 0</c>, the historical bug clients must sanity-check.</summary>
    public void ReportZeroIndex(bool on) => _zeroIndex = on;

    /// <summary>Drop a service and its checks without a deregistration call (a dev-mode agent restarted).</summary>
    public void ForgetService(string serviceId)
    {
        lock (_gate)
        {
            if (_services.Remove(serviceId, out var service))
            {
                foreach (var checkId in _checks.Where(c => c.Value.ServiceId == serviceId).Select(c => c.Key).ToArray())
                {
                    _checks.Remove(checkId);
                }
                BumpLocked(service.Name);
            }
        }
    }

    public bool HasService(string serviceId)
    {
        lock (_gate)
        {
            return _services.ContainsKey(serviceId);
        }
    }

    /// <summary>The check's (Status, Output), or null when unknown.</summary>
    public (string Status, string Output)? Check(string checkId)
    {
        lock (_gate)
        {
            return _checks.TryGetValue(checkId, out var check) ? (check.Status, check.Output) : null;
        }
    }

    /// <summary>The service's Meta as registered, or null when unknown.</summary>
    public IReadOnlyDictionary<string, string>? ServiceMeta(string serviceId)
    {
        lock (_gate)
        {
            return _services.TryGetValue(serviceId, out var service) ? service.Meta : null;
        }
    }

    public ulong ServiceIndex(string name)
    {
        lock (_gate)
        {
            return _serviceIndexes.GetValueOrDefault(name, 1UL);
        }
    }

    /// <summary>Waits (no sleeps: polls with a deadline) until a recorded request satisfies <paramref name="match"/>.</summary>
    public async Task<ConsulRecordedRequest> WaitForRequestAsync(Func<ConsulRecordedRequest, bool> match, TimeSpan deadline, string what)
    {
        ConsulRecordedRequest? found = null;
        await Eventually.Until(() => (found = _requests.FirstOrDefault(match)) is not null, deadline, what,
            () => string.Join(Environment.NewLine, _requests.TakeLast(10)));
        return found!;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_ttlReaper is not null)
        {
            await _ttlReaper;
        }
        using var stopDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopDeadline.Token);
        await _app.DisposeAsync();
    }

    private TimeSpan Now => _clock.Elapsed;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Wake()
    {
        lock (_gate)
        {
            WakeLocked();
        }
    }

    private void WakeLocked()
    {
        _changed.TrySetResult();
        _changed = NewSignal();
    }

    /// <summary>A write to the catalog: the raft index moves on and becomes the service name's index.</summary>
    private void BumpLocked(string serviceName)
    {
        _raftIndex++;
        _serviceIndexes[serviceName] = _raftIndex;
        WakeLocked();
    }

    /// <summary>Consul's TTL check: no update within TTL turns it critical ("TTL expired").</summary>
    private async Task ReapExpiredTtlsAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                lock (_gate)
                {
                    foreach (var check in _checks.Values)
                    {
                        if (check.Ttl is { } ttl && check.Status != "critical" && Now - check.LastUpdate > ttl)
                        {
                            check.Status = "critical";
                            check.Output = "TTL expired";
                            BumpLocked(_services.TryGetValue(check.ServiceId, out var s) ? s.Name : check.ServiceId);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class FakeService
    {
        public required string Id { get; init; }
        public required string Name { get; init; }
        public required List<string> Tags { get; init; }
        public required string Address { get; init; }
        public required int Port { get; init; }
        public required Dictionary<string, string> Meta { get; init; }
        public required JsonObject Raw { get; init; }
        public ulong CreateIndex { get; set; }
        public ulong ModifyIndex { get; set; }
    }

    private sealed class FakeCheck
    {
        public required string CheckId { get; init; }
        public required string Name { get; init; }
        public required string ServiceId { get; init; }
        public TimeSpan? Ttl { get; init; }
        public TimeSpan? DeregisterCriticalServiceAfter { get; init; }
        public string Status { get; set; } = "critical";
        public string Output { get; set; } = "";
        public TimeSpan LastUpdate { get; set; }
    }
}
