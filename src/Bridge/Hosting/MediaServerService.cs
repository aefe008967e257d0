using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Hosting;

/// <summary>Starts the media port with the host and closes every session when the host stops.</summary>
public sealed class MediaServerService(MediaServer mediaServer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        mediaServer.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        mediaServer.Dispose();
        return Task.CompletedTask;
    }
}
