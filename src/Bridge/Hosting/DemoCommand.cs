using System.Runtime.InteropServices;
using System.Text.Json;

namespace OctoMesh.Bridge.Hosting;

/// <summary>
/// <c>demo [--json] [--free-ports] [--consul url]</c>: three bridges on loopback (eu-central, us-east,
/// ap-southeast) in one process, sharing the embedded registry (or a Consul agent), relaying over embedded WireGuard. Prints each
/// bridge's URLs (or one JSON line first with <c>--json</c>) and runs until Ctrl+C.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var json = false;
        var freePorts = false;
        string? consul = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json":
                    json = true;
                    break;
                case "--free-ports":
                    freePorts = true;
                    break;
                case "--consul" when i + 1 < args.Length && Uri.TryCreate(args[i + 1], UriKind.Absolute, out var url) && url.Scheme is "http" or "https":
                    consul = args[++i];
                    break;
                default:
                    await Console.Error.WriteLineAsync($"demo: unexpected '{args[i]}'; use [--json] [--free-ports] [--consul <http://agent:8500>].");
                    return 2;
            }
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        // SIGTERM (a service manager, `kill`) stops the mesh as Ctrl+C does; otherwise the bridges' hosts take
        // the signal for themselves and the demo would wait forever.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        // With --consul every demo bridge registers with that agent instead of the shared in-process list.
        var mesh = new DemoMesh { Consul = consul };
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
