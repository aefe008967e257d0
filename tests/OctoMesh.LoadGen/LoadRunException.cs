namespace OctoMesh.LoadGen;

/// <summary>A run could not go on; the message is the one line printed for the operator.</summary>
public sealed class LoadRunException(string message) : Exception(message);
