namespace OctoMesh.LoadGen;

/// <summary>What <c>--simulcast</c> asks of the publishers: one VP8 stream, three simulcast layers, or (compare) each in turn.</summary>
public enum SimulcastMode
{
    /// <summary>One VP8 stream per publisher (the default).</summary>
    Off,

    /// <summary>Three VP8 layers per publisher (<see cref="SimulcastLayer.ThreeLayers"/>).</summary>
    On,

    /// <summary><c>compare</c> only: every server measured without simulcast, then with it, in the same invocation.</summary>
    Both,
}
