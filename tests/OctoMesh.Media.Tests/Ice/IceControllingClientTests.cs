using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Text;
using OctoMesh.Media.Ice;
using OctoMesh.Media.Stun;

namespace OctoMesh.Media.Tests.Ice;

[Trait(Tier.Name, Tier.Unit)]
public class IceControllingClientTests
{
    private const string BridgeUfrag = "lite";
    private const string BridgePassword = "liteAgentPassword0123456";

    private readonly IceControllingClient _client =
        new("clnt", "clientPassword0123456789", BridgeUfrag, BridgePassword, tieBreaker: 0x1122334455667788);

    [Fact]
    public void Request_CarriesTheIceAttributes()
    {
        var buffer = new byte[IceControllingClient.MaxRequestSize];

        int length = _client.WriteBindingRequest(buffer, useCandidate: true, priority: 0x6E7F1EFF, out var transactionId);

        var request = buffer.AsSpan(0, length);
        Assert.Equal(StunParseStatus.Ok, StunReader.TryParse(request, out var view));
        Assert.Equal(StunConstants.BindingRequest, view.MessageType);
        Assert.True(transactionId.Matches(view.TransactionId));
        Assert.Equal(transactionId, _client.LastTransactionId);
        Assert.True(view.TryGetUsername(out var username));
        Assert.Equal("lite:clnt", Encoding.UTF8.GetString(username));
        Assert.True(view.TryGetPriority(out uint priority));
        Assert.Equal(0x6E7F1EFFu, priority);
        Assert.True(view.UseCandidate);
        Assert.True(view.TryGetIceControlling(out ulong tieBreaker));
        Assert.Equal(0x1122334455667788ul, tieBreaker);
        Assert.True(view.VerifyMessageIntegrity(StunIntegrity.ShortTermKey(BridgePassword)));
        Assert.True(view.VerifyFingerprint());
    }

    [Fact]
    public void WithoutUseCandidate_TheAttributeIsAbsent()
    {
        var buffer = new byte[IceControllingClient.MaxRequestSize];

        int length = _client.WriteBindingRequest(buffer, useCandidate: false, priority: 1, out _);

        Assert.Equal(StunParseStatus.Ok, StunReader.TryParse(buffer.AsSpan(0, length), out var view));
        Assert.False(view.UseCandidate);
    }

    [Fact]
    public void RoundTrip_WithIceLiteAgent()
    {
        var time = new FakeTimeProvider();
        var agent = new IceLiteAgent(BridgeUfrag, BridgePassword, time) { RemoteUfrag = "clnt" };
        var from = new IPEndPoint(IPAddress.Loopback, 50123);
        var request = new byte[IceControllingClient.MaxRequestSize];
        var response = new byte[IceLiteAgent.MaxResponseSize];

        int requestLength = _client.WriteBindingRequest(request, useCandidate: true, priority: 100, out var transactionId);
        var outcome = agent.HandleBindingRequest(request.AsSpan(0, requestLength), from, response, out int responseLength);

        Assert.Equal(IceCheckOutcome.AnsweredAndSelected, outcome);
        Assert.True(agent.IsNominated);
        Assert.True(_client.IsMatchingSuccess(response.AsSpan(0, responseLength)));
        Assert.True(_client.TryReadSuccess(response.AsSpan(0, responseLength), transactionId, out var mapped));
        Assert.Equal(from, mapped);
    }

    [Fact]
    public void ResponseForAnotherTransaction_DoesNotMatch()
    {
        var agent = new IceLiteAgent(BridgeUfrag, BridgePassword, new FakeTimeProvider());
        var request = new byte[IceControllingClient.MaxRequestSize];
        var response = new byte[IceLiteAgent.MaxResponseSize];
        int requestLength = _client.WriteBindingRequest(request, useCandidate: false, priority: 100, out var first);
        agent.HandleBindingRequest(request.AsSpan(0, requestLength), new IPEndPoint(IPAddress.Loopback, 1), response, out int responseLength);

        _client.WriteBindingRequest(request, useCandidate: false, priority: 100, out _);

        Assert.False(_client.IsMatchingSuccess(response.AsSpan(0, responseLength)));
        Assert.True(_client.IsMatchingSuccess(response.AsSpan(0, responseLength), first));
    }

    [Fact]
    public void ResponseSignedWithAnotherPassword_DoesNotMatch()
    {
        var impostor = new IceLiteAgent(BridgeUfrag, "someOtherPassword0123456", new FakeTimeProvider());
        var mismatched = new IceControllingClient("clnt", "clientPassword0123456789", BridgeUfrag, "someOtherPassword0123456");
        var request = new byte[IceControllingClient.MaxRequestSize];
        var response = new byte[IceLiteAgent.MaxResponseSize];
        int requestLength = mismatched.WriteBindingRequest(request, useCandidate: false, priority: 100, out var transactionId);
        impostor.HandleBindingRequest(request.AsSpan(0, requestLength), new IPEndPoint(IPAddress.Loopback, 1), response, out int responseLength);

        Assert.True(mismatched.IsMatchingSuccess(response.AsSpan(0, responseLength), transactionId));
        Assert.False(_client.IsMatchingSuccess(response.AsSpan(0, responseLength), transactionId));
    }

    [Fact]
    public void GarbageResponse_DoesNotMatchAndDoesNotThrow()
    {
        var random = new Random(7675);
        for (int i = 0; i < 1000; i++)
        {
            var garbage = new byte[random.Next(0, 120)];
            random.NextBytes(garbage);
            Assert.False(_client.IsMatchingSuccess(garbage));
        }
    }

    [Fact]
    public void Priority_FollowsRfc8445Formula()
    {
        // host, max local preference, RTP component: 126 * 2^24 + 65535 * 2^8 + 255.
        Assert.Equal(2130706431u, IceControllingClient.ComputePriority(IceControllingClient.HostTypePreference, 65535, 1));
    }
}
