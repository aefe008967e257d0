using OctoMesh.Media.Dtls;

namespace OctoMesh.Media.Tests.Dtls;

/// <summary>What the server actually puts on the wire, and how it copes with hostile datagrams.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class DtlsWireTests
{
    private const int TlsEcdheEcdsaWithAes128GcmSha256 = 0xC02B;
    private const int UseSrtpExtension = 0x000E;           // RFC 5764 §4.1.1
    private const int ExtendedMasterSecretExtension = 0x0017; // RFC 7627 §5.1

    private static readonly TimeSpan Deadline = Eventually.Patience;

    [Fact]
    public async Task ServerHello_SelectsAes128Gcm_ExtendedMasterSecret_AndGcmSrtp_ThenRequestsACertificate()
    {
        using var pair = new DtlsTestPair();
        pair.Start();
        Assert.True((await pair.Server.Completion.WaitAsync(Deadline)).Succeeded);

        List<DtlsHandshakeMessage> messages = DtlsHandshakeMessage.Parse(pair.SentByServer).ToList();
        DtlsHandshakeMessage serverHello = Assert.Single(messages, m => m.Type == DtlsHandshakeMessage.ServerHelloType);
        (int cipherSuite, Dictionary<int, byte[]> extensions) = serverHello.ReadServerHello();

        Assert.Equal(TlsEcdheEcdsaWithAes128GcmSha256, cipherSuite);
        Assert.True(extensions.ContainsKey(ExtendedMasterSecretExtension));
        // UseSRTPData: profiles<2> = { 0x0007 }, srtp_mki<1> = empty.
        Assert.Equal(new byte[] { 0x00, 0x02, 0x00, 0x07, 0x00 }, extensions[UseSrtpExtension]);
        Assert.Contains(messages, m => m.Type == DtlsHandshakeMessage.CertificateRequestType);
    }

    [Fact]
    public void EnqueueReceived_RejectsEmptyAndOversizedDatagrams()
    {
        DtlsCertificate certificate = DtlsTestPair.OtherCertificate;
        using var server = new DtlsTransport(DtlsRole.Server, certificate, certificate.Sha256Fingerprint, _ => { });

        Assert.False(server.EnqueueReceived([]));
        Assert.False(server.EnqueueReceived(new byte[ChannelDatagramTransport.ReceiveLimit + 1]));
        Assert.True(server.EnqueueReceived(new byte[ChannelDatagramTransport.ReceiveLimit]));
    }

    [Fact]
    public void EnqueueReceived_ReturnsFalse_WhenTheQueueIsFull()
    {
        DtlsCertificate certificate = DtlsTestPair.OtherCertificate;
        using var server = new DtlsTransport(DtlsRole.Server, certificate, certificate.Sha256Fingerprint, _ => { });

        for (int i = 0; i < ChannelDatagramTransport.QueueCapacity; i++)
        {
            Assert.True(server.EnqueueReceived([22, 254, 253]));
        }

        Assert.False(server.EnqueueReceived([22, 254, 253]));
    }

    [Fact]
    public async Task GarbageBeforeTheClientHello_IsIgnored_AndTheHandshakeStillCompletes()
    {
        using var pair = new DtlsTestPair();
        var random = new Random(20240607);
        for (int i = 0; i < 40; i++)
        {
            byte[] noise = new byte[random.Next(1, 300)];
            random.NextBytes(noise);
            pair.Server.EnqueueReceived(noise);
        }

        // Well-formed record headers around nonsense: wrong version, bogus epoch, length past the end,
        // an application_data record before any keys, a short handshake header.
        pair.Server.EnqueueReceived([22, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4]);
        pair.Server.EnqueueReceived([22, 254, 253, 0, 9, 0, 0, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4]);
        pair.Server.EnqueueReceived([22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 1]);
        pair.Server.EnqueueReceived([23, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 9, 9, 9]);
        pair.Server.EnqueueReceived([22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0]);
        pair.Start();

        DtlsHandshakeResult server = await pair.Server.Completion.WaitAsync(Deadline);
        DtlsHandshakeResult client = await pair.Client.Completion.WaitAsync(Deadline);

        Assert.True(server.Succeeded, server.Detail);
        Assert.True(client.Succeeded, client.Detail);
    }

    [Fact]
    public async Task MalformedClientHello_FailsTheHandshakeCleanly_OrIsIgnored()
    {
        DtlsCertificate certificate = DtlsTestPair.OtherCertificate;
        using var server = new DtlsTransport(DtlsRole.Server, certificate, certificate.Sha256Fingerprint, _ => { })
        {
            HandshakeTimeout = TimeSpan.FromSeconds(2),
        };

        // A ClientHello whose handshake header claims 40 bytes but whose body is garbage.
        byte[] body = Enumerable.Repeat((byte)0xEE, 40).ToArray();
        byte[] handshake = [1, 0, 0, 40, 0, 0, 0, 0, 0, 0, 0, 40, .. body];
        byte[] record = [22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)handshake.Length, .. handshake];
        server.EnqueueReceived(record);
        server.Start();

        DtlsHandshakeResult result = await server.Completion.WaitAsync(Deadline);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Reason, new[] { DtlsFailureReason.Alert, DtlsFailureReason.Timeout });
    }
}
