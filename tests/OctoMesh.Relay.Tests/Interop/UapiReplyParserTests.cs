using OctoMesh.Relay.WireGuard.Os;

namespace OctoMesh.Relay.Tests.Interop;

/// <summary>The UAPI reply parser on hostile or unusual text: results, never exceptions.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class UapiReplyParserTests
{
    private static readonly string KeyHex = new('a', 64);

    [Fact]
    public void UnknownKeysAreSkipped()
    {
        var reply = UapiReplyParser.Parse($"listen_port=1\nfuture_key=1\npublic_key={KeyHex}\nfuture_peer_key=x\nerrno=0\n\n");

        Assert.Equal(UapiReplyOutcome.Succeeded, reply.Outcome);
        Assert.Equal(1, reply.Device!.ListenPort);
        Assert.Single(reply.Device.Peers);
    }

    [Fact]
    public void APeerThatNeverShookHandsHasNoHandshakeTime()
    {
        var reply = UapiReplyParser.Parse(
            $"public_key={KeyHex}\nlast_handshake_time_sec=0\nlast_handshake_time_nsec=0\nerrno=0\n\n");

        Assert.Null(Assert.Single(reply.Device!.Peers).LastHandshake);
    }

    [Theory]
    [InlineData("last_handshake_time_sec=99999999999999\n")]
    [InlineData("last_handshake_time_nsec=1000000000\n")]
    [InlineData("rx_bytes=-1\n")]
    [InlineData("tx_bytes=18446744073709551616\n")]
    [InlineData("endpoint=not-an-address\n")]
    [InlineData("endpoint=127.0.0.1:0\n")]
    [InlineData("allowed_ip=10.0.0.0/33\n")]
    [InlineData("persistent_keepalive_interval=65536\n")]
    [InlineData("preshared_key=zz\n")]
    [InlineData("=value\n")]
    public void HostilePeerValuesAreMalformedNotThrown(string line)
    {
        var reply = UapiReplyParser.Parse($"public_key={KeyHex}\n{line}errno=0\n\n");

        Assert.Equal(UapiReplyOutcome.Malformed, reply.Outcome);
        Assert.False(string.IsNullOrEmpty(reply.Problem));
    }

    [Fact]
    public void ErrnoIsReportedWithItsSign()
    {
        var reply = UapiReplyParser.Parse("errno=-98\n\n");

        Assert.Equal(UapiReplyOutcome.ErrnoReported, reply.Outcome);
        Assert.Equal(-98, reply.Errno);
    }

    [Fact]
    public void AnEmptyReplyIsMalformed() =>
        Assert.Equal(UapiReplyOutcome.Malformed, UapiReplyParser.Parse("").Outcome);
}
