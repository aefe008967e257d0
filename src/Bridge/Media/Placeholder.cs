namespace OctoMesh.Media; internal static class Placeholder { }
