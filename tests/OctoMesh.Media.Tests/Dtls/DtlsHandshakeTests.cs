using OctoMesh.Media.Dtls;
using OctoMesh.Media.Srtp;

namespace OctoMesh.Media.Tests.Dtls;

/// <summary>Real BouncyCastle handshakes between a server and a client transport over an in-memory pipe.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class DtlsHandshakeTests
{
    private static readonly TimeSpan Deadline = Eventually.Patience;

    [Fact]
    public async Task Handshake_Succeeds_WithIdenticalGcmKeysOnBothSides()
    {
        using var pair = new DtlsTestPair();
        pair.Start();

        DtlsHandshakeResult server = await pair.Server.Completion.WaitAsync(Deadline);
        DtlsHandshakeResult client = await pair.Client.Completion.WaitAsync(Deadline);

        Assert.True(server.Succeeded, server.Detail);
        Assert.True(client.Succeeded, client.Detail);
        Assert.Equal(DtlsFailureReason.None, server.Reason);
        DtlsSrtpKeys serverKeys = server.Keys!;
        DtlsSrtpKeys clientKeys = client.Keys!;
        Assert.Equal(SrtpProfile.AeadAes128Gcm, serverKeys.Profile);
        Assert.Equal(SrtpProfile.AeadAes128Gcm, clientKeys.Profile);
        Assert.Equal(16, serverKeys.ClientWriteKey.Length);
        Assert.Equal(12, serverKeys.ClientWriteSalt.Length);
        Assert.Equal(serverKeys.ClientWriteKey, clientKeys.ClientWriteKey);
        Assert.Equal(serverKeys.ClientWriteSalt, clientKeys.ClientWriteSalt);
        Assert.Equal(serverKeys.ServerWriteKey, clientKeys.ServerWriteKey);
        Assert.Equal(serverKeys.ServerWriteSalt, clientKeys.ServerWriteSalt);
        Assert.NotEqual(serverKeys.ClientWriteKey, serverKeys.ServerWriteKey);
        Assert.True(pair.Server.IsEstablished);
    }

    [Fact]
    public async Task ClientOfferingOnlyAesCm_GetsAesCmKeysWith14ByteSalts()
    {
        using var pair = new DtlsTestPair();
        pair.Client.OfferedSrtpProfiles = [(int)SrtpProfile.Aes128CmHmacSha1_80];
        pair.Start();

        DtlsHandshakeResult server = await pair.Server.Completion.WaitAsync(Deadline);
        DtlsHandshakeResult client = await pair.Client.Completion.WaitAsync(Deadline);

        Assert.True(server.Succeeded, server.Detail);
        Assert.Equal(SrtpProfile.Aes128CmHmacSha1_80, server.Keys!.Profile);
        Assert.Equal(SrtpProfile.Aes128CmHmacSha1_80, client.Keys!.Profile);
        Assert.Equal(14, server.Keys.ServerWriteSalt.Length);
        Assert.Equal(server.Keys.ServerWriteSalt, client.Keys.ServerWriteSalt);
    }

    [Fact]
    public async Task ClientOfferingNoSupportedSrtpProfile_IsRefusedWithNoSrtpProfile()
    {
        const int SrtpAes128CmHmacSha1_32 = 0x0002;
        using var pair = new DtlsTestPair();
        pair.Client.OfferedSrtpProfiles = [SrtpAes128CmHmacSha1_32];
        pair.Start();

        DtlsHandshakeResult server = await pair.Server.Completion.WaitAsync(Deadline);
        DtlsHandshakeResult client = await pair.Client.Completion.WaitAsync(Deadline);

        Assert.Equal(DtlsFailureReason.NoSrtpProfile, server.Reason);
        Assert.Equal(DtlsFailureReason.Alert, client.Reason);
    }

    [Fact]
    public async Task Server_RejectsClientCertificate_WhoseFingerprintDiffersFromSdp()
    {
        using var pair = new DtlsTestPair(serverExpects: DtlsTestPair.OtherCertificate.Sha256Fingerprint);
        pair.Start();

        DtlsHandshakeResult server = await pair.Server.Completion.WaitAsync(Deadline);
        DtlsHandshakeResult client = await pair.Client.Completion.WaitAsync(Deadline);

        Assert.False(server.Succeeded);
        Assert.Equal(DtlsFailureReason.FingerprintMismatch, server.Reason);
        Assert.Contains(pair.ClientCertificate.Sha256Fingerprint, server.Detail);
        Assert.Null(server.Keys);
        Assert.False(client.Succeeded);
        Assert.Equal(DtlsFailureReason.Alert, client.Reason);
        Assert.Contains("bad_certificate", client.Detail);
    }

    [Fact]
    public async Task Client_RejectsServerCertificate_WhoseFingerprintDiffersFromSdp()
    {
        using var pair = new DtlsTestPair(clientExpects: DtlsTestPair.OtherCertificate.Sha256Fingerprint);
        pair.Start();

        DtlsHandshakeResult client = await pair.Client.Completion.WaitAsync(Deadline);
        DtlsHandshakeResult server = await pair.Server.Completion.WaitAsync(Deadline);

        Assert.Equal(DtlsFailureReason.FingerprintMismatch, client.Reason);
        Assert.False(server.Succeeded);
        Assert.Equal(DtlsFailureReason.Alert, server.Reason);
    }

    [Fact]
    public async Task Server_WithoutExpectedFingerprint_FailsWithFingerprintMismatch()
    {
        using var pair = new DtlsTestPair(serverExpects: "not a fingerprint");
        pair.Start();

        DtlsHandshakeResult server = await pair.Server.Completion.WaitAsync(Deadline);

        Assert.Equal(DtlsFailureReason.FingerprintMismatch, server.Reason);
    }

    [Fact]
    public async Task Fingerprint_SetAfterStart_IsUsedWhenTheCertificateArrives()
    {
        using var pair = new DtlsTestPair(serverExpects: "pending");
        pair.Server.ExpectedRemoteFingerprint = pair.ClientCertificate.Sha256Fingerprint.ToLowerInvariant();
        pair.Start();

        DtlsHandshakeResult server = await pair.Server.Completion.WaitAsync(Deadline);

        Assert.True(server.Succeeded, server.Detail);
    }

    [Fact]
    public async Task Handshake_Completes_WhenTheFirstFlightIsLost()
    {
        using var pair = new DtlsTestPair(
            deliverToServer: (index, _) => index != 0,
            deliverToClient: (index, _) => index != 0);
        pair.Start();

        DtlsHandshakeResult server = await pair.Server.Completion.WaitAsync(Deadline);
        DtlsHandshakeResult client = await pair.Client.Completion.WaitAsync(Deadline);

        Assert.True(server.Succeeded, server.Detail);
        Assert.True(client.Succeeded, client.Detail);
        Assert.Equal(server.Keys!.ServerWriteKey, client.Keys!.ServerWriteKey);
        Assert.True(pair.SentByClient.Count(DtlsRecordInspector.IsClientHello) >= 2, "the ClientHello should have been retransmitted");
    }

    [Fact]
    public async Task Handshake_Completes_WhenEveryThirdDatagramIsLost()
    {
        using var pair = new DtlsTestPair(
            deliverToServer: (index, _) => index % 3 != 2,
            deliverToClient: (index, _) => index % 3 != 2);
        pair.Start();

        DtlsHandshakeResult server = await pair.Server.Completion.WaitAsync(Deadline);
        DtlsHandshakeResult client = await pair.Client.Completion.WaitAsync(Deadline);

        Assert.True(server.Succeeded, server.Detail);
        Assert.True(client.Succeeded, client.Detail);
        Assert.Equal(server.Keys!.ClientWriteKey, client.Keys!.ClientWriteKey);
    }

    [Fact]
    public async Task Server_ResendsItsFinalFlight_AfterCompletion_WhenTheClientRetransmits()
    {
        // The server finishes as soon as it has the client's Finished; its own final flight is lost,
        // so only the post-handshake receive loop can answer the client's retransmission.
        int finalFlightsDropped = 0;
        using var pair = new DtlsTestPair(deliverToClient: (_, datagram) =>
        {
            if (DtlsRecordInspector.IsFinalFlight(datagram) && finalFlightsDropped < 2)
            {
                finalFlightsDropped++;
                return false;
            }

            return true;
        });
        pair.Start();

        DtlsHandshakeResult server = await pair.Server.Completion.WaitAsync(Deadline);
        DtlsHandshakeResult client = await pair.Client.Completion.WaitAsync(Deadline);

        Assert.True(server.Succeeded, server.Detail);
        Assert.True(client.Succeeded, client.Detail);
        Assert.Equal(2, finalFlightsDropped);
        Assert.Equal(server.Keys!.ServerWriteSalt, client.Keys!.ServerWriteSalt);
    }

    [Fact]
    public async Task Dispose_DuringHandshake_CompletesPromptlyWithDisposed()
    {
        DtlsCertificate certificate = DtlsTestPair.OtherCertificate;
        var server = new DtlsTransport(DtlsRole.Server, certificate, certificate.Sha256Fingerprint, _ => { });
        server.Start();

        server.Dispose();
        DtlsHandshakeResult result = await server.Completion.WaitAsync(Deadline);

        Assert.Equal(DtlsFailureReason.Disposed, result.Reason);
        Assert.False(server.EnqueueReceived(new byte[] { 22, 254, 253 }));
    }

    [Fact]
    public async Task Dispose_MidHandshake_WithAPeerTalking_ReportsDisposed()
    {
        // Drop everything to the client so the server sits waiting for the client's second flight.
        using var pair = new DtlsTestPair(deliverToClient: (_, _) => false);
        pair.Start();
        await WaitUntil(() => !pair.SentByServer.IsEmpty);

        pair.Server.Dispose();
        DtlsHandshakeResult server = await pair.Server.Completion.WaitAsync(Deadline);

        Assert.Equal(DtlsFailureReason.Disposed, server.Reason);
    }

    [Fact]
    public async Task Server_TimesOut_WhenNoClientEverSpeaks()
    {
        DtlsCertificate certificate = DtlsTestPair.OtherCertificate;
        using var server = new DtlsTransport(DtlsRole.Server, certificate, certificate.Sha256Fingerprint, _ => { })
        {
            HandshakeTimeout = TimeSpan.FromMilliseconds(500),
        };
        server.Start();

        DtlsHandshakeResult result = await server.Completion.WaitAsync(Deadline);

        Assert.Equal(DtlsFailureReason.Timeout, result.Reason);
    }

    [Fact]
    public async Task Client_TimesOut_WhenTheServerNeverAnswers()
    {
        DtlsCertificate certificate = DtlsTestPair.OtherCertificate;
        int sent = 0;
        using var client = new DtlsTransport(DtlsRole.Client, certificate, certificate.Sha256Fingerprint, _ => Interlocked.Increment(ref sent))
        {
            HandshakeTimeout = TimeSpan.FromSeconds(1),
            InitialRetransmitTimeout = DtlsTestPair.FastRetransmit,
        };
        client.Start();

        DtlsHandshakeResult result = await client.Completion.WaitAsync(Deadline);

        Assert.Equal(DtlsFailureReason.Timeout, result.Reason);
        Assert.True(Volatile.Read(ref sent) >= 2, "the ClientHello should have been retransmitted before giving up");
    }

    [Fact]
    public async Task ClosedEvent_Fires_WhenThePeerSendsCloseNotify()
    {
        using var pair = new DtlsTestPair();
        var serverClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Server.Closed += () => serverClosed.TrySetResult();
        pair.Start();
        Assert.True((await pair.Server.Completion.WaitAsync(Deadline)).Succeeded);
        Assert.True((await pair.Client.Completion.WaitAsync(Deadline)).Succeeded);

        pair.Client.Dispose();

        await serverClosed.Task.WaitAsync(Deadline);
        Assert.False(pair.Server.IsEstablished);
        Assert.Contains(pair.SentByClient, datagram => DtlsRecordInspector.ContentType(datagram) == DtlsRecordInspector.Alert);
    }

    [Fact]
    public async Task ClosedEvent_IsNotRaised_ByOurOwnDispose()
    {
        using var pair = new DtlsTestPair();
        int serverClosedEvents = 0;
        var clientClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Server.Closed += () => Interlocked.Increment(ref serverClosedEvents);
        pair.Client.Closed += () => clientClosed.TrySetResult();
        pair.Start();
        Assert.True((await pair.Server.Completion.WaitAsync(Deadline)).Succeeded);
        Assert.True((await pair.Client.Completion.WaitAsync(Deadline)).Succeeded);

        pair.Server.Dispose();

        // The client sees our close_notify; by then the server has finished everything Dispose does.
        await clientClosed.Task.WaitAsync(Deadline);
        Assert.Equal(0, Volatile.Read(ref serverClosedEvents));
        Assert.Equal(DtlsFailureReason.None, (await pair.Server.Completion).Reason);
    }

    [Fact]
    public async Task An_idle_established_association_holds_no_thread_and_still_hears_close_notify()
    {
        using var pair = new DtlsTestPair();
        pair.Server.IdleServeTimeout = TimeSpan.FromMilliseconds(200);
        var serverClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Server.Closed += () => serverClosed.TrySetResult();
        pair.Start();
        Assert.True((await pair.Server.Completion.WaitAsync(Deadline)).Succeeded);
        Assert.True((await pair.Client.Completion.WaitAsync(Deadline)).Succeeded);

        await WaitUntil(() => !pair.Server.IsServing);
        Assert.True(pair.Server.IsEstablished);

        // The peer's close_notify arrives with no thread serving: it starts one, which reads the alert.
        pair.Client.Dispose();

        await serverClosed.Task.WaitAsync(Deadline);
        Assert.False(pair.Server.IsEstablished);
    }

    [Fact]
    public async Task A_retransmitted_final_flight_after_the_thread_stood_down_is_answered_again()
    {
        // The client's Finished flight is delivered; the server's final flight (its 2nd flight) is lost once.
        var lost = 0;
        using var pair = new DtlsTestPair(deliverToClient: (_, datagram) =>
            !(DtlsRecordInspector.ContentType(datagram) == DtlsRecordInspector.ChangeCipherSpec && Interlocked.Exchange(ref lost, 1) == 0));
        pair.Server.IdleServeTimeout = TimeSpan.FromMilliseconds(1);
        pair.Client.InitialRetransmitTimeout = TimeSpan.FromMilliseconds(300);
        pair.Start();

        Assert.True((await pair.Server.Completion.WaitAsync(Deadline)).Succeeded);
        Assert.True((await pair.Client.Completion.WaitAsync(Deadline)).Succeeded);
    }

    [Fact]
    public async Task Start_Twice_Throws()
    {
        using var pair = new DtlsTestPair();
        pair.Start();

        Assert.Throws<InvalidOperationException>(() => pair.Server.Start());
        Assert.True((await pair.Server.Completion.WaitAsync(Deadline)).Succeeded);
    }

    internal static Task WaitUntil(Func<bool> condition) =>
        Eventually.Until(condition, Eventually.Patience, "the DTLS pair to reach the awaited state");
}
