using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Xunit.Sdk;

namespace OctoMesh.Testing.Namespaces;

/// <summary>
/// A network namespace this test created (<c>ip netns add om-&lt;random&gt;</c>) with its loopback
/// up. Everything a test sends stays inside namespaces like this one; disposing deletes it,
/// and with it every interface inside.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private NetworkNamespace(string name) => Name = name;

    /// <summary>The namespace's name, e.g. <c>om-3fa9c2d1</c>.</summary>
    public string Name { get; }

    /// <summary>The bind mount <c>ip netns</c> keeps for the namespace; its fd is what setns(2) takes.</summary>
    public string HandlePath => "/var/run/netns/" + Name;

    public static async Task<NetworkNamespace> CreateAsync()
    {
        InteropPrerequisites.Require();
        var name = "om-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        await HostCommand.RunAsync("ip", "netns", "add", name);
        var created = new NetworkNamespace(name);
        try
        {
            await created.IpAsync("link", "set", "lo", "up");
            return created;
        }
        catch
        {
            await created.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>ip -n &lt;ns&gt; ...</c>: an ip command that acts inside this namespace.</summary>
    public Task<string> IpAsync(params string[] arguments) => HostCommand.RunAsync("ip", ["-n", Name, .. arguments]);

    /// <summary>Runs a tool inside this namespace (<c>ip netns exec</c>).</summary>
    public Task<string> ExecAsync(params string[] command) => HostCommand.RunAsync("ip", ["netns", "exec", Name, .. command]);

    /// <summary>
    /// A UDP socket that lives in this namespace, bound to <paramref name="localEndPoint"/> there.
    /// A socket belongs to the namespace of the thread that created it (socket(2) takes the
    /// caller's current network namespace), so a dedicated thread enters the namespace with
    /// setns(2), creates and binds the socket, and returns to the process's namespace; the thread
    /// then ends, so no other work ever runs in the wrong namespace.
    /// </summary>
    public Socket CreateUdpSocket(IPEndPoint localEndPoint)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                socket = CreateInsideNamespace(localEndPoint);
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        })
        {
            IsBackground = true,
            Name = "netns " + Name,
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new XunitException($"Could not create a UDP socket in namespace {Name}: {failure.Message}");
        }
        return socket!;
    }

    private Socket CreateInsideNamespace(IPEndPoint localEndPoint)
    {
        // thread-self, not self: /proc/self names the main thread, and namespaces are per thread.
        var original = OpenNamespace("/proc/thread-self/ns/net");
        var target = -1;
        try
        {
            target = OpenNamespace(HandlePath);
            EnterNamespace(target);
            try
            {
                var socket = new Socket(localEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    socket.Bind(localEndPoint);
                    return socket;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
            finally
            {
                EnterNamespace(original);
            }
        }
        finally
        {
            NativeMethods.close(original);
            if (target >= 0)
            {
                NativeMethods.close(target);
            }
        }
    }

    private static int OpenNamespace(string path)
    {
        var fd = NativeMethods.open(path, NativeMethods.OpenReadOnly | NativeMethods.OpenCloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"open({path}) failed with errno {Marshal.GetLastPInvokeError()}");
        }
        return fd;
    }

    private static void EnterNamespace(int fd)
    {
        if (NativeMethods.setns(fd, NativeMethods.CloneNewNet) != 0)
        {
            throw new IOException($"setns(CLONE_NEWNET) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Deleting the namespace removes its interfaces (veth ends, TUN devices) with it.
        await HostCommand.TryRunAsync("ip", "netns", "del", Name);
    }
}
