using System.Globalization;

namespace OctoMesh.LoadGen.Compare;

/// <summary>
/// Reads a process's CPU time and resident memory from the kernel (<c>/proc/[pid]/stat</c> and
/// <c>/proc/[pid]/status</c>, proc(5)), so a server's cost is what the kernel charged it, never its own opinion.
/// </summary>
public static class ProcessAccounting
{
    // proc(5) /proc/[pid]/stat: "pid (comm) state ppid ..." — field 14 is utime, 15 stime, in clock ticks, summed
    // over every thread of the process. comm may hold spaces and parentheses, so fields are counted after the
    // last ')': state (field 3) is index 0 there.
    private const int UserTimeIndex = 14 - 3;
    private const int SystemTimeIndex = 15 - 3;
    private const long BytesPerKibibyte = 1024;

    /// <summary>sysconf(_SC_CLK_TCK): the unit of utime and stime (100 on Linux).</summary>
    public static double ClockTicksPerSecond { get; } = ReadClockTicks();

    /// <summary>The usage of process <paramref name="processId"/>, or null when it is gone or unreadable.</summary>
    public static ProcessUsage? Read(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var status = File.ReadAllLines($"/proc/{processId}/status");
            var afterName = stat.LastIndexOf(')');
            if (afterName < 0)
            {
                return null;
            }

            var fields = stat[(afterName + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length <= SystemTimeIndex
                || !long.TryParse(fields[UserTimeIndex], NumberStyles.None, CultureInfo.InvariantCulture, out var userTicks)
                || !long.TryParse(fields[SystemTimeIndex], NumberStyles.None, CultureInfo.InvariantCulture, out var systemTicks))
            {
                return null;
            }

            return new ProcessUsage((userTicks + systemTicks) / ClockTicksPerSecond, ReadResidentKibibytes(status) * BytesPerKibibyte);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The process's thread count (<c>Threads:</c> in /proc/[pid]/status), or 0 when unreadable.</summary>
    public static int ReadThreads(int processId)
    {
        try
        {
            return (int)ReadStatusNumber(File.ReadAllLines($"/proc/{processId}/status"), "Threads:");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    // proc(5) /proc/[pid]/status: "VmRSS:     12345 kB".
    private static long ReadResidentKibibytes(string[] status) => ReadStatusNumber(status, "VmRSS:");

    // The first number after a /proc/[pid]/status field name ("Threads:\t22", "VmRSS:   12345 kB"); 0 when absent.
    private static long ReadStatusNumber(string[] status, string field)
    {
        foreach (var line in status)
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var value = line[field.Length..].Trim();
                var space = value.IndexOf(' ');
                return long.TryParse(space < 0 ? value : value[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0;
            }
        }

        return 0;
    }

    private static double ReadClockTicks()
    {
        // Linux has used USER_HZ = 100 for the proc interface on every architecture, but ask rather than assume.
        const double LinuxUserHz = 100;
        var ticks = OperatingSystem.IsLinux() ? NativeMethods.sysconf(NativeMethods.ClockTicksName) : 0;
        return ticks > 0 ? ticks : LinuxUserHz;
    }
}
