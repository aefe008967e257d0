using OctoMesh.Media.Stun;

namespace OctoMesh.Media.Tests.Stun;

[Trait(Tier.Name, Tier.Unit)]
public class StunReaderHostileInputTests
{
    private static readonly byte[] Key = StunIntegrity.ShortTermKey(Rfc5769Vectors.Password);

    [Fact]
    public void EveryTruncation_FailsWithoutThrowing()
    {
        var request = Rfc5769Vectors.Request;
        for (int length = 0; length < request.Length; length++)
        {
            var prefix = request.AsSpan(0, length);

            var status = StunReader.TryParse(prefix, out _);

            Assert.NotEqual(StunParseStatus.Ok, status);
            Assert.False(StunMessage.IsStun(prefix));
            Assert.False(StunMessage.TryGetUsername(prefix, out _));
            Assert.False(StunMessage.TryGetLocalUfrag(prefix, out _));
            Assert.False(StunIntegrity.Verify(prefix, Key));
            Assert.False(StunFingerprint.Verify(prefix));
        }
    }

    [Fact]
    public void ShortDatagram_IsTruncated()
    {
        Assert.Equal(StunParseStatus.Truncated, StunReader.TryParse(new byte[19], out _));
        Assert.Equal(StunParseStatus.Truncated, StunReader.TryParse(Rfc5769Vectors.Request.AsSpan(0, 60), out _));
    }

    [Theory]
    [InlineData(0x80)] // RTP/RTCP (RFC 7983: 128..191)
    [InlineData(0xC0)]
    [InlineData(0x40)]
    public void NonStunFirstByte_IsNotStun(byte firstByte)
    {
        var datagram = (byte[])Rfc5769Vectors.Request.Clone();
        datagram[0] = firstByte;

        Assert.Equal(StunParseStatus.NotStun, StunReader.TryParse(datagram, out _));
        Assert.False(StunMessage.IsStun(datagram));
    }

    [Fact]
    public void WrongMagicCookie_IsNotStun()
    {
        var datagram = (byte[])Rfc5769Vectors.Request.Clone();
        datagram[4] ^= 0xFF;

        Assert.Equal(StunParseStatus.NotStun, StunReader.TryParse(datagram, out _));
    }

    [Fact]
    public void TrailingBytes_AreMalformed()
    {
        var datagram = new byte[Rfc5769Vectors.Request.Length + 4];
        Rfc5769Vectors.Request.CopyTo(datagram, 0);

        Assert.Equal(StunParseStatus.Malformed, StunReader.TryParse(datagram, out _));
        Assert.False(StunMessage.IsStun(datagram));
    }

    [Fact]
    public void LengthNotMultipleOfFour_IsMalformed()
    {
        var datagram = (byte[])Rfc5769Vectors.Request.Clone();
        datagram[3] = 0x57;

        Assert.Equal(StunParseStatus.Malformed, StunReader.TryParse(datagram, out _));
    }

    [Fact]
    public void AttributeOverrunningTheMessage_IsMalformed()
    {
        var datagram = (byte[])Rfc5769Vectors.Request.Clone();
        datagram[22] = 0x01; // SOFTWARE length 0x0110, past the end

        Assert.Equal(StunParseStatus.Malformed, StunReader.TryParse(datagram, out _));
        Assert.False(StunMessage.TryGetUsername(datagram, out _));
    }

    [Fact]
    public void PriorityWithWrongLength_IsMalformed()
    {
        var datagram = BuildWithAttribute(StunConstants.Priority, new byte[8]);

        Assert.Equal(StunParseStatus.Malformed, StunReader.TryParse(datagram, out _));
    }

    [Fact]
    public void UseCandidateWithValue_IsMalformed()
    {
        var datagram = BuildWithAttribute(StunConstants.UseCandidate, new byte[4]);

        Assert.Equal(StunParseStatus.Malformed, StunReader.TryParse(datagram, out _));
    }

    [Fact]
    public void AttributeAfterFingerprint_IsMalformed()
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunWriter(buffer);
        writer.Begin(StunConstants.BindingRequest, Rfc5769Vectors.TransactionId);
        writer.AddFingerprint();
        writer.AddPriority(1);

        Assert.Equal(StunParseStatus.Malformed, StunReader.TryParse(writer.WrittenBytes, out _));
    }

    [Fact]
    public void AttributesAfterMessageIntegrity_AreIgnored()
    {
        // RFC 8489 §14.5: only FINGERPRINT counts after MESSAGE-INTEGRITY.
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunWriter(buffer);
        writer.Begin(StunConstants.BindingRequest, Rfc5769Vectors.TransactionId);
        writer.AddMessageIntegrity(Key);
        writer.AddUseCandidate();
        writer.AddUsername("a:b");

        Assert.Equal(StunParseStatus.Ok, StunReader.TryParse(writer.WrittenBytes, out var view));
        Assert.False(view.UseCandidate);
        Assert.False(view.TryGetUsername(out _));
        Assert.False(StunMessage.TryGetUsername(writer.WrittenBytes, out _));
        Assert.True(view.VerifyMessageIntegrity(Key));
    }

    [Fact]
    public void UnknownComprehensionRequiredAttribute_IsReported()
    {
        var datagram = BuildWithAttribute(0x7777, new byte[3]);

        Assert.Equal(StunParseStatus.Ok, StunReader.TryParse(datagram, out var view));
        Assert.Equal(0x7777, view.FirstUnknownComprehensionRequiredAttribute);
    }

    [Fact]
    public void UsernameWithoutSeparator_HasNoLocalUfrag()
    {
        var datagram = BuildWithAttribute(StunConstants.Username, "abcdef"u8.ToArray());

        Assert.True(StunMessage.TryGetUsername(datagram, out _));
        Assert.False(StunMessage.TryGetLocalUfrag(datagram, out _));
    }

    [Fact]
    public void CorruptedMessages_NeverThrowAndNeverVerify()
    {
        var random = new Random(8489);
        foreach (var vector in new[] { Rfc5769Vectors.Request, Rfc5769Vectors.IPv4Response, Rfc5769Vectors.IPv6Response })
        {
            for (int iteration = 0; iteration < 2000; iteration++)
            {
                var datagram = (byte[])vector.Clone();
                int position = random.Next(StunConstants.HeaderSize, datagram.Length);
                datagram[position] ^= (byte)random.Next(1, 256);

                ExerciseEverything(datagram);
                Assert.False(StunIntegrity.Verify(datagram, Key) && StunFingerprint.Verify(datagram));
            }
        }
    }

    [Fact]
    public void RandomGarbage_NeverThrows()
    {
        var random = new Random(5769);
        for (int iteration = 0; iteration < 5000; iteration++)
        {
            var datagram = new byte[random.Next(0, 200)];
            random.NextBytes(datagram);
            if (datagram.Length >= StunConstants.HeaderSize && iteration % 2 == 0)
            {
                // Half the time make the header plausible so the attribute walk is exercised.
                datagram[0] &= 0x3F;
                datagram[2] = 0;
                datagram[3] = (byte)((datagram.Length - StunConstants.HeaderSize) & ~3);
                datagram[4] = 0x21;
                datagram[5] = 0x12;
                datagram[6] = 0xA4;
                datagram[7] = 0x42;
            }

            ExerciseEverything(datagram);
        }
    }

    private static void ExerciseEverything(byte[] datagram)
    {
        StunMessage.IsStun(datagram);
        StunMessage.TryGetUsername(datagram, out _);
        StunMessage.TryGetLocalUfrag(datagram, out _);
        StunFingerprint.Verify(datagram);
        StunIntegrity.Verify(datagram, Key);
        if (StunReader.TryParse(datagram, out var view) == StunParseStatus.Ok)
        {
            view.TryGetUsername(out _);
            view.TryGetPriority(out _);
            view.TryGetIceControlling(out _);
            view.TryGetIceControlled(out _);
            view.TryGetErrorCode(out _, out _);
            view.TryGetXorMappedAddress(out _);
            view.TryGetSoftware(out _);
            view.TryGetFingerprint(out _);
            view.TryGetAttribute(StunConstants.MappedAddress, out _);
            view.VerifyMessageIntegrity(Key);
            view.VerifyFingerprint();
        }
    }

    private static byte[] BuildWithAttribute(ushort type, byte[] value)
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunWriter(buffer);
        writer.Begin(StunConstants.BindingRequest, Rfc5769Vectors.TransactionId);
        writer.AddAttribute(type, value);
        return writer.WrittenBytes.ToArray();
    }
}
