namespace OctoMesh.LoadGen.Compare;

/// <summary>The outcome of parsing <c>compare</c>'s command line: options, a request for help, or the error to print.</summary>
public readonly record struct CompareOptionsResult(CompareOptions? Options, string? Error, bool HelpRequested)
{
    public static CompareOptionsResult Ok(CompareOptions options) => new(options, null, false);

    public static CompareOptionsResult Fail(string error) => new(null, error, false);

    public static CompareOptionsResult Help() => new(null, null, true);
}
