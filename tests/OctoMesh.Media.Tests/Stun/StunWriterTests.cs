using System.Net;
using System.Text;
using OctoMesh.Media.Stun;

namespace OctoMesh.Media.Tests.Stun;

[Trait(Tier.Name, Tier.Unit)]
public class StunWriterTests
{
    private static readonly byte[] Key = StunIntegrity.ShortTermKey("some-password-of-24-char");

    [Fact]
    public void ErrorResponse_RoundTrips()
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunWriter(buffer);
        writer.Begin(StunConstants.BindingError, Rfc5769Vectors.TransactionId);
        writer.AddErrorCode(StunConstants.ErrorUnauthorized, "Unauthorized");
        writer.AddFingerprint();

        Assert.Equal(StunParseStatus.Ok, StunReader.TryParse(writer.WrittenBytes, out var view));
        Assert.Equal(StunConstants.ErrorResponseClass, view.MessageClass);
        Assert.True(view.TryGetErrorCode(out int code, out var reason));
        Assert.Equal(401, code);
        Assert.Equal("Unauthorized", Encoding.UTF8.GetString(reason));
        Assert.True(view.VerifyFingerprint());
    }

    [Fact]
    public void IceAttributes_RoundTrip()
    {
        var transactionId = StunTransactionId.NewRandom();
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunWriter(buffer);
        writer.Begin(StunConstants.BindingRequest, transactionId);
        writer.AddUsername("bridge01:client01");
        writer.AddPriority(0x7E7F00FF);
        writer.AddUseCandidate();
        writer.AddIceControlling(0x0102030405060708);
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();

        Assert.True(StunMessage.IsStun(writer.WrittenBytes));
        Assert.Equal(StunParseStatus.Ok, StunReader.TryParse(writer.WrittenBytes, out var view));
        Assert.True(transactionId.Matches(view.TransactionId));
        Assert.True(view.TryGetUsername(out var username));
        Assert.Equal("bridge01:client01", Encoding.UTF8.GetString(username));
        Assert.True(view.TryGetPriority(out uint priority));
        Assert.Equal(0x7E7F00FFu, priority);
        Assert.True(view.UseCandidate);
        Assert.True(view.TryGetIceControlling(out ulong tieBreaker));
        Assert.Equal(0x0102030405060708ul, tieBreaker);
        Assert.True(view.VerifyMessageIntegrity(Key));
        Assert.True(view.VerifyFingerprint());
        Assert.True(StunMessage.TryGetLocalUfrag(writer.WrittenBytes, out var localUfrag));
        Assert.Equal("bridge01", Encoding.UTF8.GetString(localUfrag));
    }

    [Fact]
    public void IPv4MappedIPv6Endpoint_IsWrittenAsIPv4()
    {
        // A dual-mode socket reports IPv4 peers as ::ffff:a.b.c.d.
        var mapped = new IPEndPoint(IPAddress.Parse("203.0.113.7").MapToIPv6(), 50000);
        Span<byte> buffer = stackalloc byte[64];
        var writer = new StunWriter(buffer);
        writer.Begin(StunConstants.BindingSuccess, Rfc5769Vectors.TransactionId);
        writer.AddXorMappedAddress(mapped);

        Assert.Equal(StunParseStatus.Ok, StunReader.TryParse(writer.WrittenBytes, out var view));
        Assert.True(view.TryGetXorMappedAddress(out var decoded));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 50000), decoded);
    }

    [Fact]
    public void TamperedMessage_FailsIntegrity()
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunWriter(buffer);
        writer.Begin(StunConstants.BindingRequest, Rfc5769Vectors.TransactionId);
        writer.AddPriority(1);
        writer.AddMessageIntegrity(Key);
        var message = writer.WrittenBytes.ToArray();
        message[27] ^= 1;

        Assert.False(StunIntegrity.Verify(message, Key));
    }

    [Fact]
    public void TooSmallDestination_Throws()
    {
        var buffer = new byte[StunConstants.HeaderSize + 4];

        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunWriter(buffer);
            writer.Begin(StunConstants.BindingRequest, Rfc5769Vectors.TransactionId);
            writer.AddPriority(1);
        });
    }

    [Fact]
    public void AddingBeforeBegin_Throws()
    {
        var buffer = new byte[64];

        Assert.Throws<InvalidOperationException>(() => new StunWriter(buffer).AddUseCandidate());
    }
}
