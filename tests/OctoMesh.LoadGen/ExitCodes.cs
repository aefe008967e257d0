namespace OctoMesh.LoadGen;

/// <summary>The load generator's process exit codes.</summary>
public static class ExitCodes
{
    /// <summary>The load ran and the report was printed.</summary>
    public const int Success = 0;

    /// <summary>The run failed: bridge unreachable, offer refused, room without publisher, ICE/DTLS failed.</summary>
    public const int RunFailed = 1;

    /// <summary>The command line is invalid.</summary>
    public const int Usage = 2;
}
