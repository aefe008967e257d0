using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using OctoMesh.Bridge.Hosting;
using OctoMesh.Bridge.Tests.EndToEnd;
using OctoMesh.Testing.Processes;

namespace OctoMesh.Bridge.Tests.Mesh;

/// <summary>
/// <c>demo</c> run as an operator runs it (its own process) stops cleanly on SIGTERM, as on Ctrl+C: a service manager
/// or <c>kill</c> ends it with exit code 0 and every port it held is released. Without the demo's own SIGTERM handler the
/// bridges' hosts take the signal and stop, but the demo waits forever; this test then fails when its generous exit deadline passes.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class DemoProcessTests
{
    private static readonly TimeSpan StartDeadline = Eventually.Patience;
    private static readonly TimeSpan ExitDeadline = Eventually.Patience;
    private static readonly TimeSpan RequestDeadline = Eventually.Patience;

    /// <summary>What the generic host logs once it has started (after Kestrel's "Now listening on" lines).</summary>
    private const string ApplicationStarted = "Application started.";

    [Fact]
    public async Task Demo_process_stops_with_exit_code_0_and_releases_its_ports_on_SIGTERM()
    {
        await using var demo = BridgeProcess.Start(["demo", "--json", "--free-ports"]);

        // With --json the first line on standard output describes the mesh (the logs go to standard error).
        var bridges = ParseDescription(await demo.FirstStandardOutputLineAsync(StartDeadline), demo);
        Assert.True(bridges.Count == DemoBridge.Defaults.Count,
            $"The demo describes {bridges.Count} bridges, expected {DemoBridge.Defaults.Count}{demo.Describe()}");

        using (var http = new HttpClient { Timeout = RequestDeadline })
        {
            foreach (var bridge in bridges)
            {
                await AssertAnswersAsync(http, $"{bridge.Http}/api/ping", HttpStatusCode.NoContent, bridge, demo);
                await AssertAnswersAsync(http, $"{bridge.Http}/health", HttpStatusCode.OK, bridge, demo);
            }
        }

        // Every address the hosts logged: each bridge's HTTP address and its mesh gRPC address. The console logger
        // writes in the background, so wait for each host's "Application started", which it logs after its addresses.
        await Eventually.Until(
            () => Task.FromResult(CountOccurrences(demo.Output, ApplicationStarted) >= bridges.Count),
            StartDeadline,
            $"each of the {bridges.Count} bridges' hosts to log \"{ApplicationStarted}\"",
            () => Task.FromResult(demo.Describe()));
        var listening = demo.ListeningAddresses;
        Assert.True(bridges.All(b => listening.Contains(new Uri(b.Http + "/"))),
            $"Not every bridge's HTTP address was logged as listening: {string.Join(", ", listening)}{demo.Describe()}");

        demo.Terminate();
        var exitCode = await demo.WaitForExitAsync(ExitDeadline);
        Assert.True(exitCode is not null, $"The demo did not exit after SIGTERM (waited {ExitDeadline.TotalSeconds:0} s){demo.Describe()}");
        Assert.True(exitCode == 0, $"The demo exited with code {exitCode} after SIGTERM, expected 0{demo.Describe()}");

        foreach (var address in listening)
        {
            await AssertRefusesConnectionsAsync(address, demo);
        }

        foreach (var bridge in bridges)
        {
            AssertUdpPortIsFree(bridge.MediaPort, $"{bridge.Id}'s media port", demo);
            AssertUdpPortIsFree(IPEndPoint.Parse(bridge.Relay).Port, $"{bridge.Id}'s relay port", demo);
        }
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Reads the documented fields by name, so the test pins the JSON that scripts consume.</summary>
    private static IReadOnlyList<DemoBridgeDescription> ParseDescription(string line, BridgeProcess demo)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return [.. document.RootElement.GetProperty("bridges").EnumerateArray().Select(b => new DemoBridgeDescription(
                b.GetProperty("id").GetString()!,
                b.GetProperty("region").GetString()!,
                b.GetProperty("http").GetString()!,
                b.GetProperty("whip").GetString()!,
                b.GetProperty("whep").GetString()!,
                b.GetProperty("relay").GetString()!,
                b.GetProperty("mediaPort").GetInt32()))];
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new Xunit.Sdk.XunitException($"The demo's first line is not its JSON description ({e.Message}): {line}{demo.Describe()}");
        }
    }

    private static async Task AssertAnswersAsync(HttpClient http, string url, HttpStatusCode expected, DemoBridgeDescription bridge, BridgeProcess demo)
    {
        HttpStatusCode status;
        try
        {
            using var response = await http.GetAsync(url);
            status = response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{bridge.Id}: GET {url} failed: {e.Message}{demo.Describe()}");
        }

        Assert.True(status == expected, $"{bridge.Id}: GET {url} answered {(int)status}, expected {(int)expected}{demo.Describe()}");
    }

    /// <summary>A port the exited demo listened on refuses a TCP connection (nothing listens there any more).</summary>
    private static async Task AssertRefusesConnectionsAsync(Uri address, BridgeProcess demo)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        using var timeout = new CancellationTokenSource(RequestDeadline);
        try
        {
            await client.ConnectAsync(IPAddress.Parse(address.Host), address.Port, timeout.Token);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"Connecting to {address} after the demo exited failed with '{e.Message}', expected a refusal{demo.Describe()}");
        }

        throw new Xunit.Sdk.XunitException($"{address} still accepts connections after the demo exited{demo.Describe()}");
    }

    /// <summary>A UDP port the exited demo held can be bound again.</summary>
    private static void AssertUdpPortIsFree(int port, string what, BridgeProcess demo)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        }
        catch (SocketException e)
        {
            throw new Xunit.Sdk.XunitException($"{what} udp/{port} cannot be bound after the demo exited ({e.SocketErrorCode}){demo.Describe()}");
        }
    }
}
