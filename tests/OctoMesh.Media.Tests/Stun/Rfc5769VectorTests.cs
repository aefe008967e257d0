using System.Net;
using System.Text;
using OctoMesh.Media.Stun;

namespace OctoMesh.Media.Tests.Stun;

[Trait(Tier.Name, Tier.Unit)]
public class Rfc5769VectorTests
{
    private static readonly byte[] Key = StunIntegrity.ShortTermKey(Rfc5769Vectors.Password);

    [Fact]
    public void SampleRequest_ParsesWithIceAttributes()
    {
        var request = Rfc5769Vectors.Request;

        Assert.True(StunMessage.IsStun(request));
        Assert.Equal(StunParseStatus.Ok, StunReader.TryParse(request, out var view));
        Assert.Equal(StunConstants.BindingRequest, view.MessageType);
        Assert.Equal(StunConstants.RequestClass, view.MessageClass);
        Assert.Equal(Rfc5769Vectors.TransactionId, view.TransactionId.ToArray());
        Assert.True(view.TryGetSoftware(out var software));
        Assert.Equal(Rfc5769Vectors.RequestSoftware, Encoding.UTF8.GetString(software));
        Assert.True(view.TryGetUsername(out var username));
        Assert.Equal(Rfc5769Vectors.RequestUsername, Encoding.UTF8.GetString(username));
        Assert.True(view.TryGetPriority(out uint priority));
        Assert.Equal(Rfc5769Vectors.RequestPriority, priority);
        Assert.True(view.TryGetIceControlled(out ulong tieBreaker));
        Assert.Equal(Rfc5769Vectors.RequestIceControlledTieBreaker, tieBreaker);
        Assert.False(view.TryGetIceControlling(out _));
        Assert.False(view.UseCandidate);
        Assert.Equal(76, view.MessageIntegrityOffset);
        Assert.Equal(100, view.FingerprintOffset);
        Assert.True(view.TryGetFingerprint(out uint fingerprint));
        Assert.Equal(0xe57a3bcfu, fingerprint);
    }

    [Fact]
    public void SampleRequest_IntegrityAndFingerprintVerify()
    {
        var request = Rfc5769Vectors.Request;

        Assert.True(StunIntegrity.Verify(request, Key));
        Assert.True(StunFingerprint.Verify(request));
        Assert.False(StunIntegrity.Verify(request, StunIntegrity.ShortTermKey("wrong password")));
    }

    [Fact]
    public void SampleRequest_UsernameAndLocalUfragWithoutParsing()
    {
        Assert.True(StunMessage.TryGetUsername(Rfc5769Vectors.Request, out var username));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));
        Assert.True(StunMessage.TryGetLocalUfrag(Rfc5769Vectors.Request, out var localUfrag));
        Assert.Equal("evtj", Encoding.UTF8.GetString(localUfrag));
    }

    [Fact]
    public void IPv4Response_DecodesAndVerifies()
    {
        var response = Rfc5769Vectors.IPv4Response;

        Assert.Equal(StunParseStatus.Ok, StunReader.TryParse(response, out var view));
        Assert.Equal(StunConstants.BindingSuccess, view.MessageType);
        Assert.True(view.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), Rfc5769Vectors.MappedPort), mapped);
        Assert.True(view.VerifyMessageIntegrity(Key));
        Assert.True(view.VerifyFingerprint());
        Assert.True(StunIntegrity.Verify(response, Key));
        Assert.True(StunFingerprint.Verify(response));
    }

    [Fact]
    public void IPv6Response_DecodesAndVerifies()
    {
        var response = Rfc5769Vectors.IPv6Response;

        Assert.Equal(StunParseStatus.Ok, StunReader.TryParse(response, out var view));
        Assert.True(view.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(
            new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), Rfc5769Vectors.MappedPort),
            mapped);
        Assert.True(view.VerifyMessageIntegrity(Key));
        Assert.True(view.VerifyFingerprint());
    }

    [Fact]
    public void IPv4Response_ReEncodesByteForByte()
    {
        var encoded = EncodeResponse(new IPEndPoint(IPAddress.Parse("192.0.2.1"), Rfc5769Vectors.MappedPort));

        Assert.Equal(Rfc5769Vectors.IPv4Response, encoded);
    }

    [Fact]
    public void IPv6Response_ReEncodesByteForByte()
    {
        var encoded = EncodeResponse(
            new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), Rfc5769Vectors.MappedPort));

        Assert.Equal(Rfc5769Vectors.IPv6Response, encoded);
    }

    [Fact]
    public void SampleRequest_ReEncodesByteForByte()
    {
        Span<byte> buffer = stackalloc byte[256];
        var writer = new StunWriter(buffer) { PaddingByte = Rfc5769Vectors.PaddingByte };
        writer.Begin(StunConstants.BindingRequest, Rfc5769Vectors.TransactionId);
        writer.AddSoftware(Rfc5769Vectors.RequestSoftware);
        writer.AddPriority(Rfc5769Vectors.RequestPriority);
        writer.AddIceControlled(Rfc5769Vectors.RequestIceControlledTieBreaker);
        writer.AddUsername(Rfc5769Vectors.RequestUsername);
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();

        Assert.Equal(Rfc5769Vectors.Request, writer.WrittenBytes.ToArray());
    }

    [Fact]
    public void ZeroPaddedReEncoding_DiffersOnlyInPaddingAndStillVerifies()
    {
        // RFC 8489 §14 sends zero padding; the vector's spaces change the MAC and CRC but not meaning.
        Span<byte> buffer = stackalloc byte[256];
        var writer = new StunWriter(buffer);
        writer.Begin(StunConstants.BindingSuccess, Rfc5769Vectors.TransactionId);
        writer.AddSoftware(Rfc5769Vectors.ResponseSoftware);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), Rfc5769Vectors.MappedPort));
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();
        var encoded = writer.WrittenBytes;

        Assert.Equal(Rfc5769Vectors.IPv4Response.Length, encoded.Length);
        Assert.Equal(Rfc5769Vectors.IPv4Response.AsSpan(0, 35).ToArray(), encoded[..35].ToArray());
        Assert.Equal(0, encoded[35]);
        Assert.Equal(Rfc5769Vectors.IPv4Response.AsSpan(36, 16).ToArray(), encoded.Slice(36, 16).ToArray());
        Assert.True(StunIntegrity.Verify(encoded, Key));
        Assert.True(StunFingerprint.Verify(encoded));
    }

    private static byte[] EncodeResponse(IPEndPoint mapped)
    {
        Span<byte> buffer = stackalloc byte[256];
        var writer = new StunWriter(buffer) { PaddingByte = Rfc5769Vectors.PaddingByte };
        writer.Begin(StunConstants.BindingSuccess, Rfc5769Vectors.TransactionId);
        writer.AddSoftware(Rfc5769Vectors.ResponseSoftware);
        writer.AddXorMappedAddress(mapped);
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();
        return writer.WrittenBytes.ToArray();
    }
}
