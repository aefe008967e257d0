using OctoMesh.LoadGen.Signaling;

namespace OctoMesh.LoadGen.Compare;

/// <summary>
/// An SFU process that <c>compare</c> started on loopback and will stop: OctoMesh's bridge or Janus. Its CPU
/// time and memory are read from the kernel's accounting of <see cref="ProcessId"/>, never from the server.
/// </summary>
public interface ISfuServer : IAsyncDisposable
{
    /// <summary>The key in the compare report: <c>octomesh</c> or <c>janus</c>.</summary>
    string Name { get; }

    /// <summary>The server's process (the one doing the forwarding).</summary>
    int ProcessId { get; }

    /// <summary>Signalling for load clients against this server; the caller disposes it.</summary>
    ISfuSignaling CreateSignaling(TimeSpan connectTimeout);

    /// <summary>
    /// Where subscribers connect when not where publishers do (another bridge of a mesh), or null; the measured
    /// process (<see cref="ProcessId"/>) is then the subscribers' server.
    /// </summary>
    ISfuSignaling? CreateSubscriberSignaling(TimeSpan connectTimeout) => null;
}
