using System.Globalization;
using OctoMesh.Geo.Selection;

namespace OctoMesh.Geo.Simulation;

/// <summary>
/// The world's largest cities (about 330, from Data/world-cities.csv, copied to geodata/ in the output): the
/// population the route simulation draws its synthetic clients from, weighted by size.
/// </summary>
public static class WorldCities
{
    public const string FileName = "world-cities.csv";

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "geodata", FileName);

    /// <summary>Reads the CSV (header "name,country,latitude,longitude,population"). A malformed row is a packaging error: throws naming the line.</summary>
    public static IReadOnlyList<WorldCity> Load(string? path = null)
    {
        path ??= DefaultPath;
        var cities = new List<WorldCity>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1 || line.Length == 0)
                continue;
            var fields = line.Split(',');
            if (fields.Length != 5
                || !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
                || !double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude)
                || !GeoCoordinate.IsValid(latitude, longitude)
                || !long.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var population)
                || population <= 0)
                throw new InvalidDataException($"{path}:{lineNumber}: expected name,country,latitude,longitude,population; got \"{line}\"");
            cities.Add(new WorldCity(fields[0], fields[1], new GeoCoordinate(latitude, longitude), population));
        }
        if (cities.Count == 0)
            throw new InvalidDataException($"{path} lists no cities");
        return cities;
    }
}
