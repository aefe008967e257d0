using System.Globalization;

namespace OctoMesh.Bridge.Tests.LoadGen.Janus;

/// <summary>
/// Datagrams the kernel dropped at UDP sockets of Janus's network namespace (a full receive buffer), split into
/// Janus's own sockets and the rest (the load clients made there): where loss happened, when a run reports some.
/// Read from <c>/proc/{pid}/net/udp</c>, whose last column is the socket's drop counter (proc(5)).
/// </summary>
internal readonly record struct NamespaceUdpDrops(long AtJanus, long AtClients)
{
    public static NamespaceUdpDrops Read(int janusProcessId)
    {
        var janusSockets = Directory.EnumerateFileSystemEntries($"/proc/{janusProcessId}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .OfType<string>()
            .Where(target => target.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(target => target["socket:[".Length..^1])
            .ToHashSet(StringComparer.Ordinal);
        long atJanus = 0, atClients = 0;

        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ref pointer drops
        foreach (var line in File.ReadLines($"/proc/{janusProcessId}/net/udp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 13 || !long.TryParse(fields[^1], CultureInfo.InvariantCulture, out var drops))
            {
                continue;
            }

            if (janusSockets.Contains(fields[9]))
            {
                atJanus += drops;
            }
            else
            {
                atClients += drops;
            }
        }

        return new NamespaceUdpDrops(atJanus, atClients);
    }

    public override string ToString() => $"UDP drops in Janus's namespace: {AtJanus} at Janus's sockets, {AtClients} at the load clients'";
}
