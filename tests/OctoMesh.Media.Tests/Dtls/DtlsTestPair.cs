using OctoMesh.Media.Dtls;

namespace OctoMesh.Media.Tests.Dtls;

/// <summary>
/// A server and a client <see cref="DtlsTransport"/> wired back to back in memory: each side's
/// sendDatagram enqueues into the other. Filters decide, per direction, which datagrams get through
/// (deterministic loss); they see the 0-based index of the datagram in that direction.
/// </summary>
internal sealed class DtlsTestPair : IDisposable
{
    /// <summary>Short retransmission timer so lossy tests finish quickly.</summary>
    public static readonly TimeSpan FastRetransmit = TimeSpan.FromMilliseconds(150);

    private static readonly Lazy<DtlsCertificate> SharedServerCertificate = new(DtlsCertificate.CreateSelfSigned);
    private static readonly Lazy<DtlsCertificate> SharedClientCertificate = new(DtlsCertificate.CreateSelfSigned);

    private int _toClientIndex = -1;
    private int _toServerIndex = -1;

    public DtlsTestPair(
        Func<int, byte[], bool>? deliverToClient = null,
        Func<int, byte[], bool>? deliverToServer = null,
        string? serverExpects = null,
        string? clientExpects = null)
    {
        ServerCertificate = SharedServerCertificate.Value;
        ClientCertificate = SharedClientCertificate.Value;
        deliverToClient ??= (_, _) => true;
        deliverToServer ??= (_, _) => true;

        Server = new DtlsTransport(
            DtlsRole.Server,
            ServerCertificate,
            serverExpects ?? ClientCertificate.Sha256Fingerprint,
            datagram =>
            {
                byte[] copy = datagram.ToArray();
                SentByServer.Enqueue(copy);
                if (deliverToClient(Interlocked.Increment(ref _toClientIndex), copy))
                {
                    Client!.EnqueueReceived(copy);
                }
            });
        Client = new DtlsTransport(
            DtlsRole.Client,
            ClientCertificate,
            clientExpects ?? ServerCertificate.Sha256Fingerprint,
            datagram =>
            {
                byte[] copy = datagram.ToArray();
                SentByClient.Enqueue(copy);
                if (deliverToServer(Interlocked.Increment(ref _toServerIndex), copy))
                {
                    Server.EnqueueReceived(copy);
                }
            });
        Server.InitialRetransmitTimeout = FastRetransmit;
        Client.InitialRetransmitTimeout = FastRetransmit;
    }

    public DtlsCertificate ServerCertificate { get; }

    public DtlsCertificate ClientCertificate { get; }

    public DtlsTransport Server { get; }

    public DtlsTransport Client { get; }

    public System.Collections.Concurrent.ConcurrentQueue<byte[]> SentByServer { get; } = new();

    public System.Collections.Concurrent.ConcurrentQueue<byte[]> SentByClient { get; } = new();

    public static DtlsCertificate OtherCertificate { get; } = DtlsCertificate.CreateSelfSigned();

    public void Start()
    {
        Server.Start();
        Client.Start();
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
