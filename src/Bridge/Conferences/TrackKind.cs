namespace OctoMesh.Bridge.Conferences;

public enum TrackKind
{
    Audio,
    Video,
}
