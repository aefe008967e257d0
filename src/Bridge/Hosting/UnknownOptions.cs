using System.Collections;
using Microsoft.Extensions.Configuration.Json;

namespace OctoMesh.Bridge.Hosting;

/// <summary>
/// Finds command-line switches, <c>OCTOMESH_</c> environment variables and settings in JSON files
/// (<c>appsettings.json</c> and its environment variants) the bridge does not know, so a typo (<c>--consul-tokne</c>,
/// <c>"MediaPrt": 5000</c>) stops the bridge at start-up with the nearest known name instead of being ignored.
/// It reads the arguments the way ASP.NET Core's command-line configuration provider does:
/// <c>--key value</c>, <c>--key=value</c>, <c>/key value</c> and <c>key=value</c>.
/// </summary>
public static class UnknownOptions
{
    /// <summary>The environment variables' prefix (stripped before binding, <c>__</c> standing for <c>:</c>).</summary>
    public const string EnvironmentPrefix = "OCTOMESH_";

    /// <summary>Keys ASP.NET Core's host itself reads (WebApplicationOptions, hosting, Kestrel, logging).</summary>
    private static readonly string[] HostKeys =
    [
        "urls", "contentRoot", "environment", "applicationName", "webroot", "http_ports", "https_ports", "AllowedHosts",
        "Logging", "Kestrel", "hostBuilder", "detailedErrors", "shutdownTimeoutSeconds", "suppressStatusMessages",
        "preventHostingStartup", "hostingStartupAssemblies", "hostingStartupExcludeAssemblies",
    ];

    private static readonly HashSet<string> KnownKeys = new(
        BridgeSettings.Keys.Concat(HostKeys),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>One sentence per unknown switch or variable, naming the nearest known one; empty when all are known.</summary>
    public static IReadOnlyList<string> Find(IReadOnlyList<string> args, IDictionary environment)
    {
        var problems = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (ReadKey(args[i]) is not { } argument)
            {
                continue;
            }

            if (!IsKnownSwitch(argument.Name))
            {
                problems.Add($"Unknown option '{argument.Name}'{Suggest(argument.Name, SwitchNames)}");
            }

            if (!argument.HasValue)
            {
                i++; // the next argument is this one's value
            }
        }

        foreach (DictionaryEntry variable in environment)
        {
            if (variable.Key is string name && name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var key = name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal);
                if (!IsKnownKey(key))
                {
                    problems.Add($"Unknown environment variable '{name}'{Suggest(EnvironmentPrefix + key, KnownKeys.Select(k => EnvironmentPrefix + k))}");
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// One sentence per top-level setting of a JSON configuration file in <paramref name="configuration"/> that the
    /// bridge does not read, naming the file and the nearest known key; empty when all are known.
    /// </summary>
    public static IReadOnlyList<string> FindInFiles(IConfigurationRoot configuration)
    {
        var problems = new List<string>();
        foreach (var provider in configuration.Providers.OfType<JsonConfigurationProvider>())
        {
            var file = provider.Source.Path ?? "a JSON configuration file";
            foreach (var key in provider.GetChildKeys([], parentPath: null).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!IsKnownKey(key))
                {
                    problems.Add($"Unknown setting '{key}' in {file}{Suggest(key, KnownKeys)}");
                }
            }
        }

        return problems;
    }

    /// <summary>The switch or key an argument names, or null for a value or a positional word.</summary>
    private static (string Name, bool HasValue)? ReadKey(string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        if (argument.StartsWith("--", StringComparison.Ordinal))
        {
            return equals < 0 ? (argument, false) : (argument[..equals], true);
        }

        if (argument.StartsWith('/') && argument.Length > 1)
        {
            return equals < 0 ? ("--" + argument[1..], false) : ("--" + argument[1..equals], true);
        }

        return equals > 0 && !argument.StartsWith('-') ? ("--" + argument[..equals], true) : null;
    }

    private static bool IsKnownSwitch(string name) =>
        BridgeSettings.SwitchMappings.ContainsKey(name) || IsKnownKey(name.TrimStart('-'));

    private static bool IsKnownKey(string key) => KnownKeys.Contains(key.Split(':')[0]);

    private static IEnumerable<string> SwitchNames => BridgeSettings.SwitchMappings.Keys.Concat(HostKeys.Select(k => "--" + k));

    /// <summary>": did you mean 'X'?" for the candidate nearest <paramref name="target"/>, if it is near enough.</summary>
    private static string Suggest(string target, IEnumerable<string> candidates)
    {
        var (nearest, distance) = candidates
            .Select(c => (Candidate: c, Distance: EditDistance(target.ToLowerInvariant(), c.ToLowerInvariant())))
            .MinBy(c => c.Distance);
        return distance <= Math.Max(2, target.Length / 3) ? $": did you mean '{nearest}'?" : " (the README lists every option).";
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions, each costing one.</summary>
    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
