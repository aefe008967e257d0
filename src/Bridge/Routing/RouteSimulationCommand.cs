using System.Text.Json;
using OctoMesh.Geo.Simulation;

namespace OctoMesh.Bridge.Routing;

/// <summary>
/// <c>simulate-routes [--clients N] [--bridges demo|ten-regions|synthetic:N] [--seed N] [--capacity N] [--room-size N]
/// [--cities PATH] [--json]</c>: routes a synthetic world population with the real selector and prints the
/// <see cref="RouteSimulationReport"/> (docs/geo.md). Exit code 2 with the usage on bad arguments.
/// </summary>
public static class RouteSimulationCommand
{
    public const string Verb = "simulate-routes";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var json = args.Contains("--json");
        var (options, problem) = RouteSimulationCommandLine.Parse([.. args.Where(a => a != "--json")]);
        if (options is null)
        {
            await error.WriteLineAsync($"{Verb}: {problem}");
            return 2;
        }

        var report = RouteSimulation.Run(options);
        await output.WriteAsync(json ? JsonSerializer.Serialize(report, RouteResponses.Json) + Environment.NewLine : report.ToString());
        return 0;
    }
}
