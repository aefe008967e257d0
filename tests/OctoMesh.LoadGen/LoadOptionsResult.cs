namespace OctoMesh.LoadGen;

/// <summary>The outcome of parsing the command line: options, a request for help, or the error to print.</summary>
public readonly record struct LoadOptionsResult(LoadOptions? Options, string? Error, bool HelpRequested)
{
    public static LoadOptionsResult Ok(LoadOptions options) => new(options, null, false);

    public static LoadOptionsResult Fail(string error) => new(null, error, false);

    public static LoadOptionsResult Help() => new(null, null, true);
}
