using System.Net;
using OctoMesh.Geo.Location;

namespace OctoMesh.Geo.Tests.Location;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ClientAddressResolverTests
{
    private static readonly IPAddress Loopback = IPAddress.Loopback;
    private static readonly IPAddress Internet = IPAddress.Parse("198.51.100.20");

    private static ClientAddressResolver TrustingLoopbackAnd(params string[] networks)
    {
        Assert.Empty(ClientAddressResolver.TryParseTrustedProxies(networks, out var parsed));
        return new ClientAddressResolver(parsed);
    }

    [Fact]
    public void Without_a_header_the_peer_is_the_client() =>
        Assert.Equal(new ClientAddress(Loopback, ClientAddressSource.Peer), new ClientAddressResolver().Resolve(Loopback, null));

    [Fact]
    public void An_untrusted_peer_cannot_claim_another_address() =>
        Assert.Equal(new ClientAddress(Internet, ClientAddressSource.Peer), new ClientAddressResolver().Resolve(Internet, "81.2.69.142"));

    [Fact]
    public void A_loopback_proxy_is_trusted_by_default() =>
        Assert.Equal(new ClientAddress(IPAddress.Parse("81.2.69.142"), ClientAddressSource.ForwardedFor),
            new ClientAddressResolver().Resolve(Loopback, "81.2.69.142"));

    [Fact]
    public void A_loopback_proxy_mapped_into_IPv6_is_trusted_too() =>
        Assert.Equal(IPAddress.Parse("81.2.69.142"), new ClientAddressResolver().Resolve(IPAddress.Parse("::ffff:127.0.0.1"), "81.2.69.142").Address);

    [Fact]
    public void Loopback_trust_can_be_turned_off() =>
        Assert.Equal(new ClientAddress(Loopback, ClientAddressSource.Peer), new ClientAddressResolver([], trustLoopback: false).Resolve(Loopback, "81.2.69.142"));

    [Fact]
    public void The_chain_is_walked_right_to_left_past_trusted_proxies_to_the_first_untrusted_hop()
    {
        var resolver = TrustingLoopbackAnd("10.0.0.0/8", "fd00::/8");

        // The client wrote "6.6.6.6" itself; the edge proxy (10.0.0.2) appended the real peer 81.2.69.142.
        var client = resolver.Resolve(Loopback, "6.6.6.6, 81.2.69.142, 10.0.0.2 ,fd00::7");

        Assert.Equal(new ClientAddress(IPAddress.Parse("81.2.69.142"), ClientAddressSource.ForwardedFor), client);
    }

    [Fact]
    public void A_single_trusted_address_is_a_network_of_one()
    {
        var resolver = TrustingLoopbackAnd("10.0.0.2");

        Assert.Equal(IPAddress.Parse("10.0.0.3"), resolver.Resolve(Loopback, "81.2.69.142, 10.0.0.3, 10.0.0.2").Address);
    }

    [Fact]
    public void When_every_hop_is_trusted_the_leftmost_is_the_client() =>
        Assert.Equal(IPAddress.Parse("10.9.8.7"), TrustingLoopbackAnd("10.0.0.0/8").Resolve(Loopback, "10.9.8.7, 10.0.0.1").Address);

    [Theory]
    [InlineData("81.2.69.142:51000", "81.2.69.142")]
    [InlineData("[2001:db8::1]:443", "2001:db8::1")]
    [InlineData("[2001:db8::1]", "2001:db8::1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("\"81.2.69.142\"", "81.2.69.142")]
    [InlineData("::ffff:81.2.69.142", "81.2.69.142")]
    public void Entries_with_ports_brackets_or_quotes_are_understood(string header, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), new ClientAddressResolver().Resolve(Loopback, header).Address);

    [Theory]
    [InlineData("not-an-ip")]
    [InlineData("unknown")]
    [InlineData(",")]
    [InlineData("81.2.69.142,")]
    [InlineData("81.2.69.142, garbage")]
    [InlineData("1")]
    [InlineData("0x7f.1")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("81.2.69.142:99999")]
    [InlineData("81.2.69.142:")]
    [InlineData("[2001:db8::1")]
    [InlineData("[2001:db8::1]x")]
    [InlineData("fe80::1%eth0")]
    [InlineData("\u0661.\u0662.\u0663.\u0664")]
    [InlineData("\0")]
    public void Garbage_in_the_trusted_part_of_the_chain_falls_back_to_the_peer(string header) =>
        Assert.Equal(new ClientAddress(Loopback, ClientAddressSource.PeerAfterInvalidForwardedFor), new ClientAddressResolver().Resolve(Loopback, header));

    [Fact]
    public void Garbage_left_of_the_client_is_never_looked_at() =>
        Assert.Equal(IPAddress.Parse("81.2.69.142"), new ClientAddressResolver().Resolve(Loopback, "%%%garbage%%%, 81.2.69.142").Address);

    [Fact]
    public void A_huge_header_or_an_endless_trusted_chain_falls_back_to_the_peer()
    {
        var resolver = new ClientAddressResolver();
        var huge = string.Join(",", Enumerable.Repeat("81.2.69.142", 1000));
        var endless = string.Join(",", Enumerable.Repeat("127.0.0.1", ClientAddressResolver.MaxHops + 1));

        Assert.Equal(ClientAddressSource.PeerAfterInvalidForwardedFor, resolver.Resolve(Loopback, huge).Source);
        Assert.Equal(ClientAddressSource.PeerAfterInvalidForwardedFor, resolver.Resolve(Loopback, endless).Source);
        Assert.Equal(Loopback, resolver.Resolve(Loopback, endless).Address);
    }

    [Fact]
    public void Random_headers_never_throw()
    {
        var resolver = TrustingLoopbackAnd("10.0.0.0/8");
        var random = new Random(7);
        const string alphabet = "0123456789abcdef:.,[]% \"x-";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 80)];
            for (var j = 0; j < chars.Length; j++)
                chars[j] = random.Next(10) == 0 ? (char)random.Next(0, 0x3000) : alphabet[random.Next(alphabet.Length)];
            var result = resolver.Resolve(Loopback, new string(chars));
            Assert.NotNull(result.Address);
        }
    }

    [Fact]
    public void Invalid_trusted_proxy_settings_are_named()
    {
        var invalid = ClientAddressResolver.TryParseTrustedProxies(["10.0.0.0/8", "banana", "10.0.0.0/33", " 192.168.1.1 "], out var networks);

        Assert.Equal(["banana", "10.0.0.0/33"], invalid);
        Assert.Equal(2, networks.Count);
    }
}
