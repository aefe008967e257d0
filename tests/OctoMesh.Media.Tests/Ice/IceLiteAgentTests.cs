using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Text;
using OctoMesh.Media.Ice;
using OctoMesh.Media.Stun;

namespace OctoMesh.Media.Tests.Ice;

[Trait(Tier.Name, Tier.Unit)]
public class IceLiteAgentTests
{
    private const string BridgeUfrag = "brdgUfrg";
    private const string BridgePassword = "bridgePasswordOf24Chars+";
    private const string BrowserUfrag = "brws";
    private const string BrowserPassword = "browserPasswordOf24Char/";
    private static readonly uint Priority = IceControllingClient.ComputePriority(IceControllingClient.PeerReflexiveTypePreference, 65535, 1);
    private static readonly IPEndPoint BrowserAddress = new(IPAddress.Parse("198.51.100.10"), 54321);
    private static readonly IPEndPoint RoamedAddress = new(IPAddress.Parse("203.0.113.99"), 40000);

    private readonly FakeTimeProvider _time = new();
    private readonly IceLiteAgent _agent;
    private readonly IceControllingClient _browser = new(BrowserUfrag, BrowserPassword, BridgeUfrag, BridgePassword);
    private readonly byte[] _response = new byte[IceLiteAgent.MaxResponseSize];

    public IceLiteAgentTests()
    {
        _agent = new IceLiteAgent(BridgeUfrag, BridgePassword, _time) { RemoteUfrag = BrowserUfrag };
    }

    [Fact]
    public void FirstValidCheck_IsAnsweredAndSelected()
    {
        var outcome = Check(_browser, useCandidate: false, BrowserAddress, out int length);

        Assert.Equal(IceCheckOutcome.AnsweredAndSelected, outcome);
        Assert.Equal(BrowserAddress, _agent.SelectedRemote);
        Assert.False(_agent.IsNominated);
        Assert.True(_browser.TryReadSuccess(_response.AsSpan(0, length), _browser.LastTransactionId, out var mapped));
        Assert.Equal(BrowserAddress, mapped);
    }

    [Fact]
    public void RepeatedCheckFromSelectedAddress_IsAnsweredWithoutReselection()
    {
        Check(_browser, useCandidate: false, BrowserAddress, out _);

        var outcome = Check(_browser, useCandidate: true, BrowserAddress, out int length);

        Assert.Equal(IceCheckOutcome.Answered, outcome);
        Assert.True(_agent.IsNominated);
        Assert.True(_browser.IsMatchingSuccess(_response.AsSpan(0, length)));
    }

    [Fact]
    public void BadPassword_IsUnauthorizedAndSelectsNothing()
    {
        var impostor = new IceControllingClient(BrowserUfrag, BrowserPassword, BridgeUfrag, "notTheBridgePassword1234");

        var outcome = Check(impostor, useCandidate: true, BrowserAddress, out int length);

        Assert.Equal(IceCheckOutcome.BadIntegrity, outcome);
        Assert.Null(_agent.SelectedRemote);
        AssertError(length, StunConstants.ErrorUnauthorized, expectIntegrity: false);
    }

    [Fact]
    public void WrongLocalUfrag_IsUnknownUsername()
    {
        var lost = new IceControllingClient(BrowserUfrag, BrowserPassword, "otherBrg", BridgePassword);

        var outcome = Check(lost, useCandidate: true, BrowserAddress, out int length);

        Assert.Equal(IceCheckOutcome.UnknownUsername, outcome);
        Assert.Null(_agent.SelectedRemote);
        AssertError(length, StunConstants.ErrorUnauthorized, expectIntegrity: false);
    }

    [Fact]
    public void WrongRemoteUfrag_IsUnknownUsername_UnlessRemoteUfragIsUnknown()
    {
        var otherBrowser = new IceControllingClient("zzzz", BrowserPassword, BridgeUfrag, BridgePassword);

        Assert.Equal(IceCheckOutcome.UnknownUsername, Check(otherBrowser, useCandidate: true, BrowserAddress, out _));

        _agent.RemoteUfrag = null;
        Assert.Equal(IceCheckOutcome.AnsweredAndSelected, Check(otherBrowser, useCandidate: true, BrowserAddress, out _));
    }

    [Fact]
    public void Consent_ExpiresAfterThirtySecondsWithoutChecks()
    {
        Assert.False(_agent.IsConsentExpired());
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(_agent.IsConsentExpired());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_agent.IsConsentExpired());
        Assert.Equal(TimeSpan.FromSeconds(30), IceLiteAgent.ConsentTimeout);
    }

    [Fact]
    public void Consent_IsRefreshedByEachValidCheck()
    {
        Check(_browser, useCandidate: true, BrowserAddress, out _);
        _time.Advance(TimeSpan.FromSeconds(25));
        Check(_browser, useCandidate: false, BrowserAddress, out _);
        _time.Advance(TimeSpan.FromSeconds(25));

        Assert.False(_agent.IsConsentExpired());

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(_agent.IsConsentExpired());

        Check(_browser, useCandidate: false, BrowserAddress, out _);
        Assert.False(_agent.IsConsentExpired());
    }

    [Fact]
    public void Consent_IsNotRefreshedByInvalidChecks()
    {
        var impostor = new IceControllingClient(BrowserUfrag, BrowserPassword, BridgeUfrag, "notTheBridgePassword1234");
        Check(_browser, useCandidate: true, BrowserAddress, out _);
        _time.Advance(TimeSpan.FromSeconds(29));

        Check(impostor, useCandidate: true, BrowserAddress, out _);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(_agent.IsConsentExpired());
    }

    [Fact]
    public void Consent_IsNotRefreshedByChecksOnAnotherPair()
    {
        Check(_browser, useCandidate: true, BrowserAddress, out _);
        _time.Advance(TimeSpan.FromSeconds(29));

        Assert.Equal(IceCheckOutcome.Answered, Check(_browser, useCandidate: false, RoamedAddress, out _));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(_agent.IsConsentExpired());
        Assert.Equal(BrowserAddress, _agent.SelectedRemote);
    }

    [Fact]
    public void NominatedCheckFromNewAddress_MovesTheSelection()
    {
        Check(_browser, useCandidate: true, BrowserAddress, out _);

        var outcome = Check(_browser, useCandidate: true, RoamedAddress, out int length);

        Assert.Equal(IceCheckOutcome.AnsweredAndSelected, outcome);
        Assert.Equal(RoamedAddress, _agent.SelectedRemote);
        Assert.True(_browser.TryReadSuccess(_response.AsSpan(0, length), _browser.LastTransactionId, out var mapped));
        Assert.Equal(RoamedAddress, mapped);
    }

    [Fact]
    public void SelectionIsACopy_NotTheCallersEndpoint()
    {
        var reused = new IPEndPoint(BrowserAddress.Address, BrowserAddress.Port);
        Check(_browser, useCandidate: true, reused, out _);

        reused.Port = 1;

        Assert.Equal(BrowserAddress, _agent.SelectedRemote);
    }

    [Fact]
    public void IPv6Remote_IsAnsweredWithIPv6MappedAddress()
    {
        var remote = new IPEndPoint(IPAddress.Parse("2001:db8::42"), 61000);

        var outcome = Check(_browser, useCandidate: true, remote, out int length);

        Assert.Equal(IceCheckOutcome.AnsweredAndSelected, outcome);
        Assert.True(_browser.TryReadSuccess(_response.AsSpan(0, length), _browser.LastTransactionId, out var mapped));
        Assert.Equal(remote, mapped);
    }

    [Fact]
    public void CorruptedFingerprint_IsDiscardedSilently()
    {
        var request = new byte[IceControllingClient.MaxRequestSize];
        int length = _browser.WriteBindingRequest(request, useCandidate: true, Priority, out _);
        request[length - 1] ^= 0x01;

        var outcome = _agent.HandleBindingRequest(request.AsSpan(0, length), BrowserAddress, _response, out int responseLength);

        Assert.Equal(IceCheckOutcome.BadFingerprint, outcome);
        Assert.Equal(0, responseLength);
        Assert.Null(_agent.SelectedRemote);
    }

    [Fact]
    public void PeerClaimingControlledRole_GetsAuthenticatedRoleConflict()
    {
        Span<byte> request = stackalloc byte[128];
        var writer = new StunWriter(request);
        writer.Begin(StunConstants.BindingRequest, StunTransactionId.NewRandom());
        writer.AddUsername($"{BridgeUfrag}:{BrowserUfrag}");
        writer.AddPriority(Priority);
        writer.AddIceControlled(42);
        writer.AddMessageIntegrity(StunIntegrity.ShortTermKey(BridgePassword));
        writer.AddFingerprint();

        var outcome = _agent.HandleBindingRequest(writer.WrittenBytes, BrowserAddress, _response, out int length);

        Assert.Equal(IceCheckOutcome.RoleConflict, outcome);
        Assert.Null(_agent.SelectedRemote);
        AssertError(length, StunConstants.ErrorRoleConflict, expectIntegrity: true);
    }

    [Fact]
    public void RequestWithoutIntegrity_IsBadRequest()
    {
        Span<byte> request = stackalloc byte[128];
        var writer = new StunWriter(request);
        writer.Begin(StunConstants.BindingRequest, StunTransactionId.NewRandom());
        writer.AddUsername($"{BridgeUfrag}:{BrowserUfrag}");
        writer.AddFingerprint();

        var outcome = _agent.HandleBindingRequest(writer.WrittenBytes, BrowserAddress, _response, out int length);

        Assert.Equal(IceCheckOutcome.Malformed, outcome);
        AssertError(length, StunConstants.ErrorBadRequest, expectIntegrity: false);
    }

    [Fact]
    public void Indication_IsIgnored()
    {
        Span<byte> indication = stackalloc byte[64];
        var writer = new StunWriter(indication);
        writer.Begin(StunConstants.BindingIndication, StunTransactionId.NewRandom());
        writer.AddFingerprint();

        var outcome = _agent.HandleBindingRequest(writer.WrittenBytes, BrowserAddress, _response, out int length);

        Assert.Equal(IceCheckOutcome.Ignored, outcome);
        Assert.Equal(0, length);
    }

    [Fact]
    public void TruncatedAndGarbageInput_IsMalformedAndNeverThrows()
    {
        var request = new byte[IceControllingClient.MaxRequestSize];
        int length = _browser.WriteBindingRequest(request, useCandidate: true, Priority, out _);
        for (int prefix = 0; prefix < length; prefix++)
        {
            var outcome = _agent.HandleBindingRequest(request.AsSpan(0, prefix), BrowserAddress, _response, out int responseLength);
            Assert.Equal(IceCheckOutcome.Malformed, outcome);
            Assert.Equal(0, responseLength);
        }

        var random = new Random(8445);
        for (int iteration = 0; iteration < 3000; iteration++)
        {
            var corrupted = request.AsSpan(0, length).ToArray();
            corrupted[random.Next(corrupted.Length)] ^= (byte)random.Next(1, 256);
            var outcome = _agent.HandleBindingRequest(corrupted, BrowserAddress, _response, out _);
            Assert.NotEqual(IceCheckOutcome.Answered, outcome);
            Assert.NotEqual(IceCheckOutcome.AnsweredAndSelected, outcome);
        }

        Assert.Null(_agent.SelectedRemote);
    }

    [Fact]
    public void LocalUfragLookup_FindsTheAgentsUfrag()
    {
        var request = new byte[IceControllingClient.MaxRequestSize];
        int length = _browser.WriteBindingRequest(request, useCandidate: false, Priority, out _);

        Assert.True(StunMessage.TryGetLocalUfrag(request.AsSpan(0, length), out var ufrag));
        Assert.Equal(BridgeUfrag, Encoding.UTF8.GetString(ufrag));
    }

    [Fact]
    public void SteadyStateCheck_DoesNotAllocate()
    {
        var request = new byte[IceControllingClient.MaxRequestSize];
        int length = _browser.WriteBindingRequest(request, useCandidate: true, Priority, out _);
        _agent.HandleBindingRequest(request.AsSpan(0, length), BrowserAddress, _response, out _);
        _agent.HandleBindingRequest(request.AsSpan(0, length), BrowserAddress, _response, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            _agent.HandleBindingRequest(request.AsSpan(0, length), BrowserAddress, _response, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void GeneratedCredentials_HaveIceCharsAndRfcLengths()
    {
        var (ufrag, password) = IceLiteAgent.GenerateCredentials();
        var (otherUfrag, otherPassword) = IceLiteAgent.GenerateCredentials();

        Assert.Equal(8, ufrag.Length);
        Assert.Equal(24, password.Length);
        Assert.All(ufrag + password, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '+' or '/'));
        Assert.NotEqual(ufrag, otherUfrag);
        Assert.NotEqual(password, otherPassword);
    }

    private IceCheckOutcome Check(IceControllingClient client, bool useCandidate, IPEndPoint from, out int responseLength)
    {
        var request = new byte[IceControllingClient.MaxRequestSize];
        int length = client.WriteBindingRequest(request, useCandidate, Priority, out _);
        return _agent.HandleBindingRequest(request.AsSpan(0, length), from, _response, out responseLength);
    }

    private void AssertError(int length, int expectedCode, bool expectIntegrity)
    {
        Assert.True(length > 0);
        var response = _response.AsSpan(0, length);
        Assert.Equal(StunParseStatus.Ok, StunReader.TryParse(response, out var view));
        Assert.Equal(StunConstants.BindingError, view.MessageType);
        Assert.True(view.TryGetErrorCode(out int code, out _));
        Assert.Equal(expectedCode, code);
        Assert.True(view.VerifyFingerprint());
        Assert.Equal(expectIntegrity, view.HasMessageIntegrity);
        if (expectIntegrity)
        {
            Assert.True(view.VerifyMessageIntegrity(StunIntegrity.ShortTermKey(BridgePassword)));
        }
    }
}
