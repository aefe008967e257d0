using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OctoMesh.Relay.Links;
using Xunit.Abstractions;

namespace OctoMesh.Relay.Tests.Links;

/// <summary>
/// One bridge's mesh side on a real Kestrel (127.0.0.1, port 0, HTTP/2 + mutual TLS) serving
/// <see cref="MeshLinkService"/>, with a <see cref="RecordingMeshHandler"/>.
/// </summary>
public sealed class MeshTestNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestLog _log;
    private bool _stopped;

    private MeshTestNode(MeshIdentity identity, MeshNode node, RecordingMeshHandler handler, WebApplication app, TestLog log, MeshPeer peer)
    {
        Identity = identity;
        Node = node;
        Handler = handler;
        _app = app;
        _log = log;
        Peer = peer;
    }

    public MeshIdentity Identity { get; }

    public MeshNode Node { get; }

    public RecordingMeshHandler Handler { get; }

    /// <summary>This node as discovery would publish it.</summary>
    public MeshPeer Peer { get; }

    public string Id => Identity.BridgeId;

    public IReadOnlyCollection<string> Errors => _log.Errors;

    public static Task<MeshTestNode> StartAsync(string bridgeId, MeshOptions options, ITestOutputHelper output) =>
        StartAsync(NewIdentity(bridgeId), options, output);

    public static MeshIdentity NewIdentity(string bridgeId, string? certificateOwner = null) =>
        new(bridgeId, $"region-{bridgeId}", "test-1", $"127.0.0.1:{10000 + bridgeId.Length}",
            Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), $"10.77.0.{bridgeId.Length}",
            MeshIdentity.GenerateCertificate(certificateOwner ?? bridgeId));

    public static async Task<MeshTestNode> StartAsync(MeshIdentity identity, MeshOptions options, ITestOutputHelper output)
    {
        var log = new TestLog(identity.BridgeId, output);
        var handler = new RecordingMeshHandler();
        var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Debug));
        var node = new MeshNode(identity, options, handler, loggerFactory.CreateLogger<MeshNode>());

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders().AddProvider(log).SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenMesh(new IPEndPoint(IPAddress.Loopback, 0), node));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(node);
        var app = builder.Build();
        app.MapGrpcService<MeshLinkService>();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        var peer = new MeshPeer(
            identity.BridgeId, identity.Region, new Uri(address), identity.CertificateSha256, identity.RelayEndpoint,
            Convert.ToBase64String(identity.WireGuardPublicKey.Span), identity.OverlayAddress);
        return new MeshTestNode(identity, node, handler, app, log, peer);
    }

    /// <summary>Stops the node as a process exit would: links end, then the server goes away.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        await Node.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Identity.Dispose();
    }
}
