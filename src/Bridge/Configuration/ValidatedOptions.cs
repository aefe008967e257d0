using Microsoft.Extensions.Options;

namespace OctoMesh.Bridge.Configuration;

/// <summary>Binds and validates one area's options with the options pattern, failing the host's start on a problem.</summary>
public static class ValidatedOptions
{
    /// <summary>
    /// Registers <typeparamref name="T"/> bound from <paramref name="configuration"/>'s root, validated by its own
    /// <see cref="IValidatedOptions.Validate"/> when the host starts.
    /// </summary>
    public static void Add<T>(IServiceCollection services, IConfiguration configuration)
        where T : class, IValidatedOptions, new()
    {
        services.AddSingleton<IValidateOptions<T>, SentenceValidation<T>>();
        services.AddOptions<T>().Bind(configuration).ValidateOnStart();
    }

    /// <summary><typeparamref name="T"/> as <paramref name="configuration"/> sets it, for decisions made while the host is built.</summary>
    public static T Read<T>(IConfiguration configuration)
        where T : class, new() => configuration.Get<T>() ?? new T();

    private sealed class SentenceValidation<T> : IValidateOptions<T>
        where T : class, IValidatedOptions
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
