namespace OctoMesh.Geo; internal static class AssemblyMarker { }
