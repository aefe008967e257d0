using OctoMesh.LoadGen.Namespaces;

namespace OctoMesh.LoadGen.Janus;

/// <summary>How <see cref="JanusServer.StartAsync"/> runs Janus: where it is installed and which ports it may use.</summary>
public sealed class JanusServerOptions
{
    /// <summary>The janus binary (Debian: <c>apt-get install -y janus</c>).</summary>
    public string JanusExecutable { get; set; } = "/usr/bin/janus";

    /// <summary>The folder holding Janus's <c>plugins/</c> and <c>transports/</c> (Debian's multiarch library folder).</summary>
    public string ModulesFolder { get; set; } = "/usr/lib/x86_64-linux-gnu/janus";

    /// <summary>
    /// The network namespace Janus runs in: its name prefix and the one address Janus gathers its host candidate on
    /// (<c>ice_enforce_list</c>) and load clients bind to (10.200.0.1/24 by default, private to the namespace).
    /// Janus 1.1 never gathers on a loopback interface (it skips IFF_LOOPBACK, and libnice's fallback does too).
    /// </summary>
    public NetworkNamespaceOptions Network { get; set; } = new() { NamePrefix = "octomesh-janus" };

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
