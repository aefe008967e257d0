using OctoMesh.Media.Srtp;
using static OctoMesh.Media.Tests.Srtp.SrtpTestPackets;

namespace OctoMesh.Media.Tests.Srtp;

/// <summary>SRTP behaviour: round trips, in-place operation, ROC rollover, replay and failure statuses.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class SrtpRtpTests
{
    private const uint Ssrc = 0xCAFE_F00D;

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Round_trip_restores_the_packet_and_leaves_the_header_in_the_clear(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);
        byte[] rtp = BuildRtp(Ssrc, 1000, payloadLength: 1200, csrcCount: 2, extensionWords: 3);
        int headerLength = 12 + 8 + 16;

        byte[] srtp = Protect(sender, rtp);

        Assert.Equal(rtp.Length + (profile == SrtpProfile.AeadAes128Gcm ? 16 : 10), srtp.Length);
        Assert.Equal(rtp[..headerLength], srtp[..headerLength]);
        Assert.NotEqual(rtp[headerLength..], srtp[headerLength..rtp.Length]);
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, srtp, out byte[] decrypted));
        Assert.Equal(rtp, decrypted);
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Overheads_match_the_profile(SrtpProfile profile)
    {
        using SrtpContext context = CreateContext(profile);
        int tag = profile == SrtpProfile.AeadAes128Gcm ? 16 : 10;

        Assert.Equal(profile, context.Profile);
        Assert.Equal(tag, context.RtpOverhead);
        Assert.Equal(tag + 4, context.RtcpOverhead);
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void In_place_protect_and_unprotect_give_the_same_bytes_as_separate_buffers(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext inPlaceSender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);
        byte[] rtp = BuildRtp(Ssrc, 7, payloadLength: 1200, extensionWords: 1);
        byte[] expected = Protect(sender, rtp);

        // The SFU's case: one receive buffer with room for the tag, protected where it lies.
        byte[] buffer = new byte[1500];
        rtp.CopyTo(buffer, 0);
        Assert.Equal(SrtpStatus.Ok, inPlaceSender.ProtectRtp(buffer.AsSpan(0, rtp.Length), buffer, out int protectedLength));
        Assert.Equal(expected, buffer[..protectedLength]);

        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(buffer.AsSpan(0, protectedLength), buffer, out int plainLength));
        Assert.Equal(rtp, buffer[..plainLength]);
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void A_destination_overlapping_at_another_offset_is_a_caller_bug(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        byte[] buffer = new byte[1500];
        BuildRtp(Ssrc, 1).CopyTo(buffer, 0);

        Assert.Throws<ArgumentException>(() => sender.ProtectRtp(buffer.AsSpan(0, 172), buffer.AsSpan(4), out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Receiver_follows_the_rollover_and_still_accepts_a_late_packet_from_the_previous_roc(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);
        byte[]? heldBack = null;
        byte[]? heldBackPlain = null;

        for (int i = 0; i < 20; i++)
        {
            ushort sequenceNumber = (ushort)(65525 + i); // 65525 .. 65535, then 0 .. 8 under ROC 1
            byte[] rtp = BuildRtp(Ssrc, sequenceNumber);
            byte[] srtp = Protect(sender, rtp);
            if (sequenceNumber == 65534)
            {
                (heldBack, heldBackPlain) = (srtp, rtp);
                continue;
            }

            // The tag covers the ROC (and GCM's nonce contains it): success means the ROC was guessed right.
            Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, srtp, out byte[] decrypted));
            Assert.Equal(rtp, decrypted);
        }

        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, heldBack!, out byte[] late));
        Assert.Equal(heldBackPlain, late);
        Assert.Equal(SrtpStatus.Replayed, Unprotect(receiver, heldBack!, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Sender_counts_rollovers_across_several_wraps(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);

        // 3 wraps in steps of 1000 (well inside the estimation's half-space).
        for (int step = 0; step < 200; step++)
        {
            ushort sequenceNumber = (ushort)(step * 1000);
            byte[] rtp = BuildRtp(Ssrc, sequenceNumber, payloadLength: 20);
            Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, Protect(sender, rtp), out byte[] decrypted));
            Assert.Equal(rtp, decrypted);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Protect_accepts_sequence_numbers_that_jump_or_restart(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);

        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, Protect(sender, BuildRtp(Ssrc, 100)), out _));
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, Protect(sender, BuildRtp(Ssrc, 40000)), out _));
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, Protect(sender, BuildRtp(Ssrc, 40001)), out _));
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(BuildRtp(Ssrc, 3), new byte[400], out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void The_same_packet_twice_is_replayed(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);
        byte[] srtp = Protect(sender, BuildRtp(Ssrc, 10));

        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, srtp, out _));
        Assert.Equal(SrtpStatus.Replayed, Unprotect(receiver, srtp, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void A_packet_behind_the_64_packet_window_is_too_old_and_one_inside_it_is_accepted(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);
        var protectedPackets = new Dictionary<ushort, byte[]>();
        for (ushort sequenceNumber = 0; sequenceNumber <= 100; sequenceNumber++)
        {
            protectedPackets[sequenceNumber] = Protect(sender, BuildRtp(Ssrc, sequenceNumber, payloadLength: 10));
        }

        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, protectedPackets[0], out _));
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, protectedPackets[100], out _));

        Assert.Equal(SrtpStatus.TooOld, Unprotect(receiver, protectedPackets[36], out _));
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, protectedPackets[37], out _));
        Assert.Equal(SrtpStatus.Replayed, Unprotect(receiver, protectedPackets[37], out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void A_forged_packet_fails_authentication_and_does_not_move_the_replay_window(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);
        byte[] first = Protect(sender, BuildRtp(Ssrc, 10));
        byte[] second = Protect(sender, BuildRtp(Ssrc, 11));
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, first, out _));

        // A forgery far ahead would push 11 out of the window if it were (wrongly) recorded.
        byte[] forgedAhead = Protect(sender, BuildRtp(Ssrc, 5000));
        forgedAhead[^1] ^= 0x01;
        Assert.Equal(SrtpStatus.AuthenticationFailed, Unprotect(receiver, forgedAhead, out _));

        // The genuine packet with a corrupted tag first, then intact: still not a replay.
        byte[] corrupted = (byte[])second.Clone();
        corrupted[^3] ^= 0x80;
        Assert.Equal(SrtpStatus.AuthenticationFailed, Unprotect(receiver, corrupted, out _));
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, second, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Wrong_keys_or_a_flipped_payload_bit_fail_authentication(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        byte[] otherKey = (byte[])MasterKey.Clone();
        otherKey[0] ^= 1;
        using SrtpContext stranger = SrtpContext.Create(profile, otherKey, MasterSalt14.AsSpan(0, SrtpContext.SaltLength(profile)));
        using SrtpContext receiver = CreateContext(profile);
        byte[] srtp = Protect(sender, BuildRtp(Ssrc, 1));

        Assert.Equal(SrtpStatus.AuthenticationFailed, Unprotect(stranger, srtp, out _));
        srtp[20] ^= 0x04;
        Assert.Equal(SrtpStatus.AuthenticationFailed, Unprotect(receiver, srtp, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Every_truncation_fails_without_throwing(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);
        byte[] srtp = Protect(sender, BuildRtp(Ssrc, 1, payloadLength: 40, csrcCount: 1, extensionWords: 2));
        byte[] destination = new byte[srtp.Length];

        for (int length = 0; length < srtp.Length; length++)
        {
            SrtpStatus status = receiver.UnprotectRtp(srtp.AsSpan(0, length), destination, out int written);
            Assert.NotEqual(SrtpStatus.Ok, status);
            Assert.Equal(0, written);
            if (length < 12 + receiver.RtpOverhead)
            {
                Assert.Equal(SrtpStatus.TooShort, status);
            }
        }

        for (int length = 0; length < 12; length++)
        {
            Assert.Equal(SrtpStatus.TooShort, sender.ProtectRtp(srtp.AsSpan(0, length), destination, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Headers_claiming_more_csrcs_or_extension_than_the_packet_holds_are_malformed(SrtpProfile profile)
    {
        using SrtpContext context = CreateContext(profile);
        byte[] tooManyCsrcs = BuildRtp(Ssrc, 1, payloadLength: 20);
        tooManyCsrcs[0] |= 0x0F;
        byte[] longExtension = BuildRtp(Ssrc, 1, payloadLength: 20, extensionWords: 0);
        longExtension[14] = 0xFF;
        byte[] destination = new byte[200];

        Assert.Equal(SrtpStatus.Malformed, context.ProtectRtp(tooManyCsrcs, destination, out _));
        Assert.Equal(SrtpStatus.Malformed, context.ProtectRtp(longExtension, destination, out _));
        Assert.Equal(SrtpStatus.Malformed, context.UnprotectRtp(tooManyCsrcs, destination, out _));
        Assert.Equal(SrtpStatus.Malformed, context.UnprotectRtp(longExtension, destination, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void A_destination_without_room_for_the_output_is_refused(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);
        byte[] rtp = BuildRtp(Ssrc, 1);
        byte[] srtp = Protect(sender, rtp);

        Assert.Equal(SrtpStatus.DestinationTooSmall, sender.ProtectRtp(rtp, new byte[srtp.Length - 1], out int written));
        Assert.Equal(0, written);
        Assert.Equal(SrtpStatus.DestinationTooSmall, receiver.UnprotectRtp(srtp, new byte[rtp.Length - 1], out _));
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(srtp, new byte[rtp.Length], out _));
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Ssrcs_beyond_the_cap_are_refused_and_known_ones_keep_working(SrtpProfile profile)
    {
        using SrtpContext sender = CreateContext(profile);
        using SrtpContext receiver = CreateContext(profile);
        for (uint ssrc = 1; ssrc <= SrtpContext.MaxSsrcs; ssrc++)
        {
            Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, Protect(sender, BuildRtp(ssrc, 1, payloadLength: 8)), out _));
        }

        Assert.Equal(SrtpStatus.TooManySsrcs, sender.ProtectRtp(BuildRtp(1000, 1), new byte[400], out _));
        using SrtpContext otherSender = CreateContext(profile);
        Assert.Equal(SrtpStatus.TooManySsrcs, Unprotect(receiver, Protect(otherSender, BuildRtp(1000, 1)), out _));
        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, Protect(sender, BuildRtp(5, 2, payloadLength: 8)), out _));
    }

    [Fact]
    public void A_forged_packet_from_an_unknown_ssrc_takes_no_slot()
    {
        using SrtpContext sender = CreateContext(SrtpProfile.Aes128CmHmacSha1_80);
        using SrtpContext receiver = CreateContext(SrtpProfile.Aes128CmHmacSha1_80);
        for (uint ssrc = 1; ssrc < SrtpContext.MaxSsrcs; ssrc++)
        {
            Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, Protect(sender, BuildRtp(ssrc, 1, payloadLength: 8)), out _));
        }

        // The receiver has one slot left; a forgery must not take it.
        using SrtpContext otherSender = CreateContext(SrtpProfile.Aes128CmHmacSha1_80);
        byte[] forged = Protect(otherSender, BuildRtp(9999, 1));
        forged[^1] ^= 1;
        Assert.Equal(SrtpStatus.AuthenticationFailed, Unprotect(receiver, forged, out _));

        Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, Protect(otherSender, BuildRtp(8888, 1)), out _));
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 16, 14)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 16, 12)]
    public void Key_and_salt_lengths_follow_the_profile_and_others_are_refused(SrtpProfile profile, int keyLength, int saltLength)
    {
        Assert.Equal(keyLength, SrtpContext.KeyLength(profile));
        Assert.Equal(saltLength, SrtpContext.SaltLength(profile));
        Assert.Throws<ArgumentException>(() => SrtpContext.Create(profile, new byte[keyLength + 1], new byte[saltLength]));
        Assert.Throws<ArgumentException>(() => SrtpContext.Create(profile, new byte[keyLength], new byte[saltLength - 1]));
    }
}
