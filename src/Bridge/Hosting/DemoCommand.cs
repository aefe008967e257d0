using System.Text.Json;

namespace OctoMesh.Bridge.Hosting;

/// <summary>
/// <c>demo [--json] [--free-ports]</c>: three bridges on loopback (eu-central, us-east, ap-southeast)
/// in one process, sharing the embedded registry, relaying over embedded WireGuard. Prints each
/// bridge's URLs (or one JSON line first with <c>--json</c>) and runs until Ctrl+C.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var freePorts = args.Contains("--free-ports");
        var unknown = args.Where(a => a is not ("--json" or "--free-ports")).ToArray();
        if (unknown.Length > 0)
        {
            await Console.Error.WriteLineAsync($"demo: unknown option(s) {string.Join(' ', unknown)}; use [--json] [--free-ports].");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        var mesh = new DemoMesh();
        await using var running = await mesh.StartAsync(DemoBridge.Defaults, freePorts, stop.Token);
        var description = running.Describe();
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(description, DemoJson.Options));
        }
        else
        {
            foreach (var bridge in description.Bridges)
            {
                Console.WriteLine($"{bridge.Id,-13} {bridge.Region,-13} {bridge.Http}  whip {bridge.Whip}  whep {bridge.Whep}  media udp/{bridge.MediaPort}  relay {bridge.Relay}");
            }

            Console.WriteLine("Open a bridge's page to join a room; Ctrl+C stops the mesh.");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
