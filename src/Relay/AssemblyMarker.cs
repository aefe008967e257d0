namespace OctoMesh.Relay; internal static class AssemblyMarker { }
