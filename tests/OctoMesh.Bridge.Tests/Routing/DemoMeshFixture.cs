using OctoMesh.Bridge.Tests.Mesh;

namespace OctoMesh.Bridge.Tests.Routing;

/// <summary>
/// The demo's three bridges, shared by the tests of one class: starting is quick, but stopping a linked mesh takes
/// the host's shutdown timeout. Tests that change a bridge's advertisement restore it; tests route for rooms of their own.
/// </summary>
public sealed class DemoMeshFixture : IAsyncLifetime
{
    private static readonly TimeSpan LinkDeadline = TimeSpan.FromSeconds(30);
    private TestMesh? _mesh;

    public TestMesh Mesh => _mesh ?? throw new InvalidOperationException("The mesh is not running.");

    public async Task InitializeAsync() => _mesh = await TestMesh.StartAsync(LinkDeadline);

    public async Task DisposeAsync()
    {
        if (_mesh is not null)
        {
            await _mesh.DisposeAsync();
        }
    }
}
