using OctoMesh.LoadGen;
using OctoMesh.LoadGen.Janus;

namespace OctoMesh.Bridge.Tests.LoadGen.Janus;

/// <summary>
/// One real Janus per test class (Debian's package, started by <see cref="JanusServer"/>). A machine without Janus
/// fails the tests with the server's own message (`apt-get install -y janus`), never skips them.
/// </summary>
public sealed class JanusFixture : IAsyncLifetime
{
    private JanusServer? _server;
    private LoadRunException? _startFailure;

    public JanusServer Server => _server ?? throw new InvalidOperationException("Janus did not start: " + _startFailure?.Message);

    public async Task InitializeAsync()
    {
        try
        {
            _server = await JanusServer.StartAsync(new JanusServerOptions(), CancellationToken.None);
        }
        catch (LoadRunException error)
        {
            _startFailure = error;
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
