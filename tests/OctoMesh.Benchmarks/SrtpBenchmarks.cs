using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using OctoMesh.Media.Srtp;

namespace OctoMesh.Benchmarks;

/// <summary>
/// The SFU's per-packet SRTP cost: protect and unprotect of a 1200-byte RTP packet for both
/// profiles. Both must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class SrtpBenchmarks
{
    private const int PacketLength = 1200;
    private const int PreparedPackets = 1024;
    private const uint Ssrc = 0x1234_5678;

    private readonly byte[] rtp = new byte[PacketLength];
    private readonly byte[] output = new byte[PacketLength + 16];
    private byte[][] protectedPackets = [];
    private SrtpContext sender = null!;
    private SrtpContext receiver = null!;
    private ushort nextSequenceNumber;
    private int nextPreparedPacket;

    [Params(SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm)]
    public SrtpProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        byte[] masterKey = new byte[SrtpContext.KeyLength(Profile)];
        byte[] masterSalt = new byte[SrtpContext.SaltLength(Profile)];
        Random.Shared.NextBytes(masterKey);
        Random.Shared.NextBytes(masterSalt);
        sender = SrtpContext.Create(Profile, masterKey, masterSalt);
        receiver = SrtpContext.Create(Profile, masterKey, masterSalt);
        using SrtpContext preparer = SrtpContext.Create(Profile, masterKey, masterSalt);

        rtp[0] = 0x80;
        rtp[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(8), Ssrc);
        Random.Shared.NextBytes(rtp.AsSpan(12));

        protectedPackets = new byte[PreparedPackets][];
        for (int i = 0; i < PreparedPackets; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), (ushort)i);
            byte[] packet = new byte[PacketLength + preparer.RtpOverhead];
            if (preparer.ProtectRtp(rtp, packet, out _) != SrtpStatus.Ok)
            {
                throw new InvalidOperationException("setup failed to protect");
            }

            protectedPackets[i] = packet;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        sender.Dispose();
        receiver.Dispose();
    }

    [Benchmark]
    public SrtpStatus ProtectRtp()
    {
        BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), nextSequenceNumber++);
        return sender.ProtectRtp(rtp, output, out _);
    }

    [Benchmark]
    public SrtpStatus UnprotectRtp()
    {
        if (nextPreparedPacket == PreparedPackets)
        {
            // Replay protection would refuse the same packets again: start the stream over.
            receiver.ForgetReceivedSsrcs();
            nextPreparedPacket = 0;
        }

        SrtpStatus status = receiver.UnprotectRtp(protectedPackets[nextPreparedPacket++], output, out _);
        return status == SrtpStatus.Ok ? status : throw new InvalidOperationException(status.ToString());
    }
}
