using System.Buffers.Binary;
using OctoMesh.Media.Srtp;
using static OctoMesh.Media.Tests.Srtp.SrtpTestPackets;

namespace OctoMesh.Media.Tests.Srtp;

/// <summary>SRTCP behaviour: round trips, E flag and index, replay, failures.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class SrtcpTests
{
    private const uint Ssrc = 0x0BAD_CAFE;

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Round_trip_restores_the_packet_and_encrypts_all_but_the_first_8_bytes(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);
        byte[] rtcp = BuildRtcp(Ssrc, bodyLength: 64);

        byte[] srtcp = ProtectRtcp(sender, rtcp);

        Assert.Equal(rtcp[..8], srtcp[..8]);
        Assert.NotEqual(rtcp[8..], srtcp[8..rtcp.Length]);
        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, srtcp, out byte[] decrypted));
        Assert.Equal(rtcp, decrypted);
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void The_index_word_has_the_e_flag_and_counts_from_zero(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        int indexOffsetFromEnd = profile == SrtpProfile.AeadAes128Gcm ? 4 : 14;

        for (uint expected = 0; expected < 3; expected++)
        {
            byte[] srtcp = ProtectRtcp(sender, BuildRtcp(Ssrc));
            uint word = BinaryPrimitives.ReadUInt32BigEndian(srtcp.AsSpan(srtcp.Length - indexOffsetFromEnd));
            Assert.Equal(0x8000_0000u | expected, word);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void In_place_round_trip(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);
        byte[] rtcp = BuildRtcp(Ssrc, bodyLength: 40);
        byte[] buffer = new byte[1500];
        rtcp.CopyTo(buffer, 0);

        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(buffer.AsSpan(0, rtcp.Length), buffer, out int protectedLength));
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(buffer.AsSpan(0, protectedLength), buffer, out int plainLength));
        Assert.Equal(rtcp, buffer[..plainLength]);
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Replayed_packets_are_refused_and_forgeries_do_not_count(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);
        byte[] first = ProtectRtcp(sender, BuildRtcp(Ssrc));
        byte[] second = ProtectRtcp(sender, BuildRtcp(Ssrc));

        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, first, out _));
        Assert.Equal(SrtpStatus.Replayed, UnprotectRtcp(receiver, first, out _));

        byte[] corrupted = (byte[])second.Clone();
        corrupted[10] ^= 0x20;
        Assert.Equal(SrtpStatus.AuthenticationFailed, UnprotectRtcp(receiver, corrupted, out _));
        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, second, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void An_index_far_behind_is_too_old(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);
        byte[] early = ProtectRtcp(sender, BuildRtcp(Ssrc));
        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, ProtectRtcp(sender, BuildRtcp(Ssrc)), out _));
        sender.SetNextSrtcpIndex(Ssrc, 500);
        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, ProtectRtcp(sender, BuildRtcp(Ssrc)), out _));

        Assert.Equal(SrtpStatus.TooOld, UnprotectRtcp(receiver, early, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Every_truncation_fails_without_throwing(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);
        byte[] srtcp = ProtectRtcp(sender, BuildRtcp(Ssrc, bodyLength: 24));
        byte[] destination = new byte[srtcp.Length];

        for (int length = 0; length < srtcp.Length; length++)
        {
            SrtpStatus status = receiver.UnprotectRtcp(srtcp.AsSpan(0, length), destination, out int written);
            Assert.NotEqual(SrtpStatus.Ok, status);
            Assert.Equal(0, written);
            if (length < 8 + receiver.RtcpOverhead)
            {
                Assert.Equal(SrtpStatus.TooShort, status);
            }
        }

        for (int length = 0; length < 8; length++)
        {
            Assert.Equal(SrtpStatus.TooShort, sender.ProtectRtcp(srtcp.AsSpan(0, length), destination, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Rtp_keys_do_not_unprotect_rtcp(SrtpProfile profile)
    {
        // RFC 3711 §4.3.2: SRTCP has its own session keys (labels 3-5).
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);
        byte[] rtcpLookingLikeRtp = BuildRtp(Ssrc, 1, payloadLength: 40);
        byte[] srtp = Protect(sender, rtcpLookingLikeRtp);

        Assert.Equal(SrtpStatus.AuthenticationFailed, UnprotectRtcp(receiver, srtp, out _));
    }
}
