using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace OctoMesh.LoadGen.Namespaces;

/// <summary>
/// A Linux network namespace this process made with iproute2 (<c>ip netns add</c>, so it is named and visible to
/// <c>ip netns exec</c>), holding its own loopback and one veth pair whose two ends both stay inside, one of them
/// with <see cref="NetworkNamespaceOptions.Address"/>. Nothing inside is routed to or from the root namespace: it
/// is a private network for a server that refuses loopback (Janus's libnice), reachable only from sockets made
/// inside it (<see cref="CreateSocket"/>, <see cref="CreateHttpHandler"/>). Traffic between two addresses of the
/// namespace stays on its loopback path. Disposing deletes it (<c>ip netns delete</c>).
/// </summary>
/// <remarks>
/// Namespace membership is per thread on Linux (setns(2)), and a socket belongs for life to the namespace of the
/// thread that created it. So a socket is made on a dedicated new thread that enters the namespace, creates it
/// and ends; no thread-pool thread ever changes namespace, and this process itself stays in the root namespace.
/// </remarks>
public sealed class NetworkNamespace : IAsyncDisposable
{
    /// <summary>Where iproute2 bind-mounts named namespaces (its NETNS_RUN_DIR).</summary>
    public const string RunDirectory = "/var/run/netns";

    /// <summary>The veth end holding <see cref="Address"/>.</summary>
    public const string InterfaceName = "media";

    /// <summary>The other veth end; it only gives <see cref="InterfaceName"/> a carrier (a lone TUN or down link has none, and libnice skips it).</summary>
    public const string PeerInterfaceName = "media-peer";

    /// <summary>Why it can fail, appended to every creation error.</summary>
    public const string Requirement = "a network namespace needs root (CAP_SYS_ADMIN), a kernel with network namespaces and iproute2";

    private static readonly TimeSpan LinkPollInterval = TimeSpan.FromMilliseconds(20);
    private static int s_created;

    private readonly IpCommand _ip;
    private int _fd;

    private NetworkNamespace(string name, IPAddress address, IpCommand ip, int fd)
    {
        Name = name;
        Address = address;
        _ip = ip;
        _fd = fd;
    }

    /// <summary>The namespace's name, as <c>ip netns list</c> shows it.</summary>
    public string Name { get; }

    /// <summary>The file iproute2 keeps the namespace alive with: <c>/var/run/netns/{name}</c>.</summary>
    public string Path => PathOf(Name);

    /// <summary>The namespace's one non-loopback address (on <see cref="InterfaceName"/>).</summary>
    public IPAddress Address { get; }

    /// <summary>
    /// Creates a uniquely named namespace (a stale one of the same name is deleted first), brings its loopback up and
    /// adds the veth pair with <see cref="NetworkNamespaceOptions.Address"/>, and returns once the address's link is
    /// up. Throws <see cref="LoadRunException"/> with one line saying what is missing otherwise.
    /// </summary>
    public static async Task<NetworkNamespace> CreateAsync(NetworkNamespaceOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = $"{options.NamePrefix}-{Environment.ProcessId}-{Interlocked.Increment(ref s_created)}";
        if (!OperatingSystem.IsLinux())
        {
            throw new LoadRunException($"cannot create network namespace {name}: this is not Linux; {Requirement}");
        }

        if (!File.Exists(options.IpExecutable))
        {
            throw new LoadRunException($"cannot create network namespace {name}: iproute2's ip is not at {options.IpExecutable} (`apt-get install -y iproute2`); {Requirement}");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new LoadRunException($"cannot create network namespace {name}: this process is not root; {Requirement}");
        }

        var ip = new IpCommand(options.IpExecutable, options.CommandTimeout);
        if (File.Exists(PathOf(name)))
        {
            await ip.RunAsync(["netns", "delete", name], cancellationToken).ConfigureAwait(false);
        }

        await ip.RunOrThrowAsync(name, ["netns", "add", name], cancellationToken).ConfigureAwait(false);
        try
        {
            await ConfigureAsync(ip, name, options, cancellationToken).ConfigureAwait(false);
            var fd = NamespaceNativeMethods.Open(PathOf(name), NamespaceNativeMethods.OpenReadOnlyCloseOnExec);
            if (fd < 0)
            {
                throw new LoadRunException($"cannot open network namespace {name} at {PathOf(name)}: {Marshal.GetLastPInvokeErrorMessage()}; {Requirement}");
            }

            return new NetworkNamespace(name, options.Address, ip, fd);
        }
        catch
        {
            await ip.RunAsync(["netns", "delete", name], CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A socket inside the namespace: made on a new thread that enters the namespace first (see remarks). Bind and
    /// use it from any thread; it stays in the namespace.
    /// </summary>
    public Socket CreateSocket(AddressFamily family, SocketType type, ProtocolType protocol) =>
        CreateSocketAsync(family, type, protocol).GetAwaiter().GetResult();

    /// <summary><see cref="CreateSocket"/> without blocking the caller while the thread starts.</summary>
    public Task<Socket> CreateSocketAsync(AddressFamily family, SocketType type, ProtocolType protocol)
    {
        var fd = Volatile.Read(ref _fd);
        ObjectDisposedException.ThrowIf(fd < 0, this);
        var created = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            // This thread only: setns(2) with CLONE_NEWNET moves the calling thread, and the thread ends right after.
            if (NamespaceNativeMethods.SetNamespace(fd, NamespaceNativeMethods.CloneNewNet) != 0)
            {
                created.TrySetException(new LoadRunException($"cannot enter network namespace {Name}: {Marshal.GetLastPInvokeErrorMessage()}; {Requirement}"));
                return;
            }

            try
            {
                created.TrySetResult(new Socket(family, type, protocol));
            }
            catch (SocketException ex)
            {
                created.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "netns socket",
        };
        thread.Start();
        return created.Task;
    }

    /// <summary>
    /// An HTTP handler whose connections are TCP sockets inside the namespace, for a server listening on an
    /// address there (its own 127.0.0.1 included). The caller sets the rest and owns it.
    /// </summary>
    public SocketsHttpHandler CreateHttpHandler() => new() { ConnectCallback = ConnectAsync };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint;
        EndPoint remote = IPAddress.TryParse(host.Host, out var literal) ? new IPEndPoint(literal, host.Port) : host;
        var family = literal?.AddressFamily ?? AddressFamily.InterNetwork;
        var socket = await CreateSocketAsync(family, SocketType.Stream, ProtocolType.Tcp).ConfigureAwait(false);
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Deletes the namespace; sockets still open in it keep it alive (unnamed) until they close.</summary>
    public async ValueTask DisposeAsync()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd < 0)
        {
            return;
        }

        _ = NamespaceNativeMethods.Close(fd);
        await _ip.RunAsync(["netns", "delete", Name], CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task ConfigureAsync(IpCommand ip, string name, NetworkNamespaceOptions options, CancellationToken cancellationToken)
    {
        string[][] commands =
        [
            ["-n", name, "link", "set", "lo", "up"],
            ["-n", name, "link", "add", InterfaceName, "type", "veth", "peer", "name", PeerInterfaceName],
            ["-n", name, "address", "add", $"{options.Address}/{options.PrefixLength}", "dev", InterfaceName],
            ["-n", name, "link", "set", InterfaceName, "up"],
            ["-n", name, "link", "set", PeerInterfaceName, "up"],
        ];
        foreach (var command in commands)
        {
            await ip.RunOrThrowAsync(name, command, cancellationToken).ConfigureAwait(false);
        }

        // The carrier comes up once both veth ends are up, but the kernel reports the link's operational state
        // (IFF_RUNNING, which libnice requires) through linkwatch, a moment later.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.CommandTimeout);
        while (true)
        {
            var link = await ip.RunAsync(["-n", name, "-o", "link", "show", "dev", InterfaceName], cancellationToken).ConfigureAwait(false);
            if (link.Output.Contains("state UP", StringComparison.Ordinal))
            {
                return;
            }

            try
            {
                await Task.Delay(LinkPollInterval, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new LoadRunException($"the veth link {InterfaceName} in network namespace {name} did not come up within {options.CommandTimeout.TotalSeconds:0.#} s: {link.Output.Trim()}; {Requirement}");
            }
        }
    }

    private static string PathOf(string name) => System.IO.Path.Combine(RunDirectory, name);
}
