using System.Buffers.Binary;
using OctoMesh.Media.Srtp;

namespace OctoMesh.Media.Tests.Srtp;

/// <summary>Builders for RTP/RTCP packets and contexts shared by the SRTP tests.</summary>
internal static class SrtpTestPackets
{
    public static readonly byte[] MasterKey = Hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    public static readonly byte[] MasterSalt14 = Hex("0EC675AD498AFEEBB6960B3AABE6");

    public static IEnumerable<object[]> Profiles =>
    [
        [SrtpProfile.Aes128CmHmacSha1_80],
        [SrtpProfile.AeadAes128Gcm],
    ];

    public static byte[] Hex(string text) =>
        Convert.FromHexString(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));

    public static SrtpContext CreateContext(SrtpProfile profile) =>
        SrtpContext.Create(profile, MasterKey, MasterSalt14.AsSpan(0, SrtpContext.SaltLength(profile)));

    /// <summary>An RTP packet (V=2, PT 96) whose payload bytes are a counter pattern.</summary>
    public static byte[] BuildRtp(uint ssrc, ushort sequenceNumber, int payloadLength = 160, int csrcCount = 0, int extensionWords = -1)
    {
        int extensionLength = extensionWords < 0 ? 0 : 4 + extensionWords * 4;
        int headerLength = 12 + csrcCount * 4 + extensionLength;
        byte[] packet = new byte[headerLength + payloadLength];
        packet[0] = (byte)(0x80 | (extensionWords >= 0 ? 0x10 : 0) | csrcCount);
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 0x1234_5678u + sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (int i = 12; i < headerLength; i++)
        {
            packet[i] = 0xA5;
        }

        if (extensionWords >= 0)
        {
            int at = 12 + csrcCount * 4;
            packet[at] = 0xBE;
            packet[at + 1] = 0xDE;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at + 2), (ushort)extensionWords);
        }

        for (int i = headerLength; i < packet.Length; i++)
        {
            packet[i] = (byte)(i * 7 + sequenceNumber);
        }

        return packet;
    }

    /// <summary>An RTCP receiver report (PT 201) from <paramref name="ssrc"/> with a patterned body.</summary>
    public static byte[] BuildRtcp(uint ssrc, int bodyLength = 24)
    {
        byte[] packet = new byte[8 + bodyLength];
        packet[0] = 0x81;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(packet.Length / 4 - 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        for (int i = 8; i < packet.Length; i++)
        {
            packet[i] = (byte)(i * 13);
        }

        return packet;
    }

    public static byte[] Protect(SrtpContext context, byte[] rtp)
    {
        byte[] output = new byte[rtp.Length + context.RtpOverhead];
        Assert.Equal(SrtpStatus.Ok, context.ProtectRtp(rtp, output, out int written));
        Assert.Equal(output.Length, written);
        return output;
    }

    public static SrtpStatus Unprotect(SrtpContext context, byte[] srtp, out byte[] rtp)
    {
        byte[] output = new byte[srtp.Length];
        SrtpStatus status = context.UnprotectRtp(srtp, output, out int written);
        rtp = output.AsSpan(0, written).ToArray();
        return status;
    }

    public static byte[] ProtectRtcp(SrtpContext context, byte[] rtcp)
    {
        byte[] output = new byte[rtcp.Length + context.RtcpOverhead];
        Assert.Equal(SrtpStatus.Ok, context.ProtectRtcp(rtcp, output, out int written));
        Assert.Equal(output.Length, written);
        return output;
    }

    public static SrtpStatus UnprotectRtcp(SrtpContext context, byte[] srtcp, out byte[] rtcp)
    {
        byte[] output = new byte[srtcp.Length];
        SrtpStatus status = context.UnprotectRtcp(srtcp, output, out int written);
        rtcp = output.AsSpan(0, written).ToArray();
        return status;
    }
}
