using OctoMesh.Geo.Selection;

namespace OctoMesh.Geo.Simulation;

/// <summary>One row of Data/world-cities.csv: a large city (metropolitan population, approximate).</summary>
public sealed record WorldCity(string Name, string CountryCode, GeoCoordinate Location, long Population);
