using System.Text.Json;
using Microsoft.Extensions.Logging;
using OctoMesh.Geo.Discovery;

namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>Registration, TTL heartbeat, deregistration and ACLs against the Consul-faithful test server.</summary>
[Trait(Tier.Name, Tier.Functional)]
public class ConsulRegistrationTests
{
    private static readonly TimeSpan Patience = Eventually.Patience;

    [Fact]
    public async Task Registration_body_carries_the_documented_fields_and_the_whole_advertisement()
    {
        await using var harness = await ConsulHarness.StartAsync();
        var (registry, log) = harness.Registry(harness.Options() with { DeregisterCriticalServiceAfter = TimeSpan.FromMinutes(1) });
        var self = TestBridges.Sample("eu-1", portBase: 20000);

        await registry.RegisterAsync(self, CancellationToken.None);

        var request = await harness.Server.WaitForRequestAsync(r => r.Path == "/v1/agent/service/register", Patience, "a registration");
        Assert.Equal("PUT", request.Method);
        Assert.Equal(200, request.Status);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal("eu-1", root.GetProperty("ID").GetString());
        Assert.Equal("octomesh-bridge", root.GetProperty("Name").GetString());
        Assert.Equal(["octomesh-bridge", "eu-west"], root.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("127.0.0.1", root.GetProperty("Address").GetString());
        Assert.Equal(20080, root.GetProperty("Port").GetInt32());
        var meta = root.GetProperty("Meta").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal("eu-west", meta["region"]);
        Assert.Equal("51.5074", meta["latitude"]);
        Assert.Equal("-0.1278", meta["longitude"]);
        Assert.Equal("0.4.0", meta["version"]);
        Assert.Equal("http://127.0.0.1:20080/", meta["http_url"]);
        Assert.Equal("127.0.0.1:20000", meta["media_address"]);
        Assert.Equal("127.0.0.1:20001", meta["relay_endpoint"]);
        Assert.Equal("https://127.0.0.1:20443/", meta["grpc_endpoint"]);
        Assert.Equal(self.WireGuardPublicKey, meta["wireguard_public_key"]);
        Assert.Equal(self.TlsCertificateSha256, meta["tls_certificate_sha256"]);
        Assert.Equal("false", meta["draining"]);
        Assert.All(meta, m => Assert.Matches("^[a-z0-9_-]{1,128}$", m.Key));
        var check = root.GetProperty("Check");
        Assert.Equal("service:eu-1", check.GetProperty("CheckID").GetString());
        Assert.Equal("2s", check.GetProperty("TTL").GetString());
        Assert.Equal("60s", check.GetProperty("DeregisterCriticalServiceAfter").GetString());
        Assert.Equal("passing", check.GetProperty("Status").GetString());
        Assert.Equal("passing", harness.Server.Check("service:eu-1")?.Status);
        Assert.Empty(log.AtLeast(LogLevel.Warning));
    }

    [Fact]
    public async Task What_a_bridge_registers_is_what_the_others_read_back()
    {
        await using var harness = await ConsulHarness.StartAsync();
        var (self, _) = harness.Registry();
        var (watcher, log) = harness.Registry();
        var record = TestBridges.Sample("ap-1", "ap-southeast", -33.8688, 151.2093) with { Stress = 0.25 };

        await watcher.StartAsync(CancellationToken.None);
        await self.RegisterAsync(record, CancellationToken.None);
        await self.UpdateAsync(0.25, draining: false);

        await Eventually.Until(() => watcher.Current.Count == 1 && watcher.Current[0].Stress == 0.25, Patience, "the watcher to see ap-1",
            () => TestBridges.Ids(watcher.Current));
        var seen = watcher.Current[0];
        Assert.True(seen.SameAdvertisement(record with { LastSeen = seen.LastSeen }), $"read back {seen}, registered {record}");
        Assert.True(seen.Healthy);
        Assert.Empty(log.AtLeast(LogLevel.Warning));
    }

    [Fact]
    public async Task The_heartbeat_updates_the_TTL_check_with_the_stress()
    {
        await using var harness = await ConsulHarness.StartAsync();
        var (registry, _) = harness.Registry();
        await registry.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None);

        await registry.UpdateAsync(0.42, draining: false);

        var update = await harness.Server.WaitForRequestAsync(
            r => r.Path == "/v1/agent/check/update/service:eu-1" && r.Body.Contains("0.42"), Patience, "a TTL update carrying the stress");
        Assert.Equal("PUT", update.Method);
        using var body = JsonDocument.Parse(update.Body);
        Assert.Equal("passing", body.RootElement.GetProperty("Status").GetString());
        Assert.Equal("stress=0.42", body.RootElement.GetProperty("Output").GetString());
        Assert.Equal(("passing", "stress=0.42"), harness.Server.Check("service:eu-1"));

        // Without further calls the heartbeat keeps refreshing every RefreshInterval (300 ms), well inside the 2 s TTL.
        var before = harness.Server.Requests.Count(r => r.Path.StartsWith("/v1/agent/check/update/", StringComparison.Ordinal));
        await Eventually.Until(
            () => harness.Server.Requests.Count(r => r.Path.StartsWith("/v1/agent/check/update/", StringComparison.Ordinal)) >= before + 3,
            Patience, "three more heartbeats");
        Assert.Equal("passing", harness.Server.Check("service:eu-1")?.Status);
    }

    [Fact]
    public async Task Draining_re_registers_with_the_new_meta()
    {
        await using var harness = await ConsulHarness.StartAsync();
        var (registry, _) = harness.Registry();
        var (watcher, _) = harness.Registry();
        await watcher.StartAsync(CancellationToken.None);
        await registry.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None);

        await registry.UpdateAsync(0.3, draining: true);

        Assert.Equal("true", harness.Server.ServiceMeta("eu-1")?["draining"]);
        await Eventually.Until(() => watcher.Current is [{ Draining: true }], Patience, "the watcher to see eu-1 draining");
    }

    [Fact]
    public async Task StopAsync_deregisters_and_the_bridge_leaves_every_set_at_once()
    {
        await using var harness = await ConsulHarness.StartAsync();
        // A TTL longer than the test's patience: only the deregistration can take eu-1 out of the watcher's set.
        var (leaving, log) = harness.Registry(harness.Options() with { CheckTtl = TimeSpan.FromMinutes(5) });
        var (watcher, _) = harness.Registry();
        await watcher.StartAsync(CancellationToken.None);
        await leaving.StartAsync(CancellationToken.None);
        await leaving.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None);
        await Eventually.Until(() => watcher.Current.Count == 1, Patience, "eu-1 to appear");

        await leaving.StopAsync(CancellationToken.None);

        var request = Assert.Single(harness.Server.Requests, r => r.Path.StartsWith("/v1/agent/service/deregister/", StringComparison.Ordinal));
        Assert.Equal(("PUT", "/v1/agent/service/deregister/eu-1", 200), (request.Method, request.Path, request.Status));
        Assert.False(harness.Server.HasService("eu-1"));
        // Deregistration is a catalog write: the held watch returns with the set without eu-1, long before its TTL could lapse.
        await Eventually.Until(() => watcher.Current.Count == 0, Patience, "eu-1 to leave the watcher's set");
        Assert.Equal(1, log.Count(4110));
    }

    [Fact]
    public async Task A_bridge_the_agent_forgot_registers_again()
    {
        await using var harness = await ConsulHarness.StartAsync();
        var (registry, log) = harness.Registry();
        await registry.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None);

        harness.Server.ForgetService("eu-1");

        var notFound = await harness.Server.WaitForRequestAsync(r => r.Status == 404, Patience, "a TTL update answered 404");
        Assert.Equal("/v1/agent/check/update/service:eu-1", notFound.Path);
        await Eventually.Until(() => harness.Server.HasService("eu-1"), Patience, "eu-1 registered again");
        Assert.Equal(1, log.Count(4106));
    }

    [Fact]
    public async Task Every_request_carries_the_ACL_token()
    {
        await using var harness = await ConsulHarness.StartAsync(new ConsulTestServerOptions { AclToken = "b1gs3cr3t" });
        var (registry, log) = harness.Registry(harness.Options(token: "b1gs3cr3t"));
        await registry.StartAsync(CancellationToken.None);
        await registry.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None);
        await registry.UpdateAsync(0.2, draining: false);
        await Eventually.Until(() => registry.Current.Count == 1, Patience, "the bridge to see itself through the ACL");

        await registry.StopAsync(CancellationToken.None);

        var requests = harness.Server.Requests;
        Assert.Contains(requests, r => r.Path == "/v1/agent/service/register");
        Assert.Contains(requests, r => r.Path.StartsWith("/v1/agent/check/update/", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.IsHealthQuery);
        Assert.Contains(requests, r => r.Path.StartsWith("/v1/agent/service/deregister/", StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Equal("b1gs3cr3t", r.Token));
        Assert.All(requests, r => Assert.Equal(200, r.Status));
        Assert.Empty(log.AtLeast(LogLevel.Warning));
    }

    [Theory]
    [InlineData(null, "Permission denied")]
    [InlineData("wrong", "ACL not found")]
    public async Task Registering_without_a_valid_token_fails_with_Consuls_reason(string? token, string reason)
    {
        await using var harness = await ConsulHarness.StartAsync(new ConsulTestServerOptions { AclToken = "b1gs3cr3t" });
        var (registry, _) = harness.Registry(harness.Options(token));

        var error = await Assert.ThrowsAsync<BridgeRegistryException>(() => registry.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None));

        Assert.Contains("HTTP 403", error.Message);
        Assert.Contains(reason, error.Message);
        Assert.Contains("service:write", error.Message);
        Assert.False(harness.Server.HasService("eu-1"));
    }

    [Fact]
    public async Task A_watch_filtered_by_ACLs_is_reported_once()
    {
        await using var harness = await ConsulHarness.StartAsync(new ConsulTestServerOptions { AclToken = "b1gs3cr3t" });
        var (writer, _) = harness.Registry(harness.Options(token: "b1gs3cr3t"));
        var (anonymous, log) = harness.Registry();
        await writer.RegisterAsync(TestBridges.Sample("eu-1"), CancellationToken.None);

        await anonymous.StartAsync(CancellationToken.None);

        await Eventually.Until(() => log.Count(4108) == 1, Patience, "the ACL filtering warning");
        Assert.Empty(anonymous.Current);
    }

    [Fact]
    public async Task Invalid_options_are_explained_at_construction()
    {
        await using var harness = await ConsulHarness.StartAsync();
        var options = harness.Options() with { RefreshInterval = TimeSpan.FromSeconds(30), WatchWait = TimeSpan.FromMinutes(11) };

        var error = Assert.Throws<ArgumentException>(() => harness.Registry(options));

        Assert.Contains("shorter than the check TTL", error.Message);
        Assert.Contains("10 minutes", error.Message);
    }
}
