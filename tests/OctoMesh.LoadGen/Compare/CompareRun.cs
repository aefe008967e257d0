namespace OctoMesh.LoadGen.Compare;

/// <summary>
/// One measurement of a <c>compare</c> invocation: a server, with or without simulcast publishers, and its key in the
/// report (<c>octomesh</c>, <c>octomesh-simulcast</c>).
/// </summary>
public sealed record CompareRun(string Server, bool Simulcast)
{
    /// <summary>What a simulcast run's key adds to the server's name.</summary>
    public const string SimulcastSuffix = "-simulcast";

    /// <summary>The key in the JSON report and the column of the table.</summary>
    public string Key => Simulcast ? Server + SimulcastSuffix : Server;
}
