namespace OctoMesh.LoadGen.Janus;

/// <summary>How <see cref="JanusServer.StartAsync"/> runs Janus: where it is installed and which ports it may use.</summary>
public sealed class JanusServerOptions
{
    /// <summary>The janus binary (Debian: <c>apt-get install -y janus</c>).</summary>
    public string JanusExecutable { get; set; } = "/usr/bin/janus";

    /// <summary>The folder holding Janus's <c>plugins/</c> and <c>transports/</c> (Debian's multiarch library folder).</summary>
    public string ModulesFolder { get; set; } = "/usr/lib/x86_64-linux-gnu/janus";

    /// <summary>
    /// The IPv4 address Janus gathers its one host candidate on (<c>ice_enforce_list</c>), and that load clients
    /// bind to. Janus 1.1 never gathers on a loopback interface (it skips IFF_LOOPBACK, and libnice's fallback does
    /// too), so this is a local address of this host, found from the first up, non-loopback interface when null.
    /// Traffic to it never leaves the machine: the kernel delivers packets for its own addresses locally.
    /// </summary>
    public System.Net.IPAddress? MediaAddress { get; set; }

    /// <summary>Lowest UDP port Janus's ICE agents may bind (media: <c>rtp_port_range</c>).</summary>
    public int RtpPortMin { get; set; } = 40000;

    /// <summary>Highest UDP port Janus's ICE agents may bind.</summary>
    public int RtpPortMax { get; set; } = 49999;

    /// <summary>Janus's log level, 0 (none) to 7; 4 (info) logs per session, never per packet.</summary>
    public int DebugLevel { get; set; } = 4;

    /// <summary>Deadline for Janus to answer <c>GET /janus/info</c> after start.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long to wait after SIGTERM before SIGKILL.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Where the temporary config folder is made; the system's temp folder when null.</summary>
    public string? TempRoot { get; set; }
}
