using System.Net;

namespace OctoMesh.LoadGen.Namespaces;

/// <summary>How <see cref="NetworkNamespace.Create"/> names and wires a namespace.</summary>
public sealed class NetworkNamespaceOptions
{
    /// <summary>The namespace's name is this, the process id and a counter: <c>octomesh-1234-1</c>.</summary>
    public string NamePrefix { get; set; } = "octomesh";

    /// <summary>
    /// The address given to the namespace's veth interface: the one non-loopback address inside it, for a server
    /// that will not use loopback. Not routed anywhere: both veth ends stay in the namespace.
    /// </summary>
    public IPAddress Address { get; set; } = IPAddress.Parse("10.200.0.1");

    /// <summary>The prefix length of <see cref="Address"/>'s network.</summary>
    public int PrefixLength { get; set; } = 24;

    /// <summary>iproute2's <c>ip</c> (Debian: <c>apt-get install -y iproute2</c>).</summary>
    public string IpExecutable { get; set; } = "/usr/sbin/ip";

    /// <summary>Deadline for each <c>ip</c> command.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
