using OctoMesh.Testing.Browser;
namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// Browser tests run one class at a time: each opens several Chromium pages that encode and
/// decode real video, and the machine has two cores. Each class still gets its own browser
/// (<see cref="ChromiumFixture"/> as a class fixture).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "End-to-end (Chromium)";
}
