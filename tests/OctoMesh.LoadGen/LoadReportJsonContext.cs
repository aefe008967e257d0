using System.Text.Json.Serialization;

namespace OctoMesh.LoadGen;

/// <summary>Source-generated JSON for <see cref="LoadReport"/> and <see cref="Latecomer.LatecomerReport"/>: camelCase, one line.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(LoadReport))]
[JsonSerializable(typeof(Latecomer.LatecomerReport))]
public sealed partial class LoadReportJsonContext : JsonSerializerContext;
