namespace OctoMesh.Testing.Processes;

/// <summary>Finds the source tree from the test's output directory.</summary>
public static class RepositoryLayout
{
    private const string BridgeProjectRelativePath = "src/Bridge";
    private const string MarkerFile = "src/Bridge/wwwroot/index.html";

    /// <summary>
    /// <c>src/Bridge</c> of the checkout the tests were built from: the bridge's content root,
    /// whose <c>wwwroot/</c> holds the pages under test.
    /// </summary>
    public static string BridgeProjectDirectory { get; } = FindBridgeProjectDirectory();

    /// <summary>The root of that checkout (where <c>README.md</c> and <c>OctoMesh.sln</c> are).</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(BridgeProjectDirectory, "..", ".."));

    private static string FindBridgeProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, MarkerFile)))
            {
                return Path.Combine(directory.FullName, BridgeProjectRelativePath);
            }
        }
        throw new InvalidOperationException(
            $"No {MarkerFile} above {AppContext.BaseDirectory}; run the tests from a checkout of the repository.");
    }
}
