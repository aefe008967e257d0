using System.Runtime.InteropServices;
using Xunit.Sdk;

namespace OctoMesh.Testing.Namespaces;

/// <summary>
/// What the network-namespace tests need from the host: root (namespaces, TUN devices), the
/// <c>ip</c>, <c>wireguard-go</c> and <c>wg</c> tools, and <c>/dev/net/tun</c>. A missing piece
/// fails the test with what is missing and how to install it (never a silent skip).
/// </summary>
public static class InteropPrerequisites
{
    public const string InstallHint = "apt-get install -y wireguard-go wireguard-tools iproute2";
    private const string TunDevice = "/dev/net/tun";

    private static readonly Lazy<string?> Problem = new(FindProblem);

    public static void Require()
    {
        if (Problem.Value is { } problem)
        {
            throw new XunitException(problem);
        }
    }

    private static string? FindProblem()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "The WireGuard interop tests need Linux network namespaces; this is " + RuntimeInformation.OSDescription + ".";
        }
        if (NativeMethods.geteuid() != 0)
        {
            return "The WireGuard interop tests must run as root: they create network namespaces and TUN devices.";
        }
        var missing = new[] { "ip", "wireguard-go", "wg" }.Where(tool => FindOnPath(tool) is null).ToList();
        if (missing.Count > 0)
        {
            return $"The WireGuard interop tests need {string.Join(", ", missing)} on PATH; install with: {InstallHint}";
        }
        if (!File.Exists(TunDevice))
        {
            // wireguard-go opens /dev/net/tun; minimal containers lack the node although the kernel has the driver.
            Directory.CreateDirectory("/dev/net");
            var (exitCode, _, error) = HostCommand.TryRunAsync("mknod", TunDevice, "c", "10", "200").GetAwaiter().GetResult();
            if (exitCode != 0)
            {
                return $"{TunDevice} is missing and 'mknod {TunDevice} c 10 200' failed: {error.Trim()}";
            }
        }
        return null;
    }

    private static string? FindOnPath(string tool) =>
        // Only PATH counts: the harness starts the tools by name, as Process resolves them.
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
}
