using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace RxWebSocketStream.Hosting.Internal;

/// <summary>
/// Binds a configuration section into options with the errors an operator can act on: a key no property has
/// fails (a typo is not ignored), and a value the options refuse names its key and value beside the options' own
/// message, which gives the limit. Failures are <see cref="OptionsValidationException"/>s, so that the host's start
/// reports them as it reports any validation failure (docs/hosting.md, "Validation").
/// </summary>
internal static class ConfigurationBinding
{
    public static void Bind<TOptions>(IConfiguration section, TOptions target, string optionsName)
        where TOptions : class
    {
        try
        {
            section.Bind(target, static binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } refused)
        {
            // The reflection binder calls the options' setters, which validate; it wraps what they throw.
            throw new OptionsValidationException(optionsName, typeof(TOptions), [Describe(section, refused)]);
        }
        catch (InvalidOperationException e)
        {
            // A key no property has, or a value the binder cannot convert: its message names the key already.
            throw new OptionsValidationException(optionsName, typeof(TOptions), [e.Message]);
        }
    }

    /// <summary>The refused value's key (found by the property name the setter gives), its value, and the reason.</summary>
    private static string Describe(IConfiguration section, Exception refused)
    {
        // An ArgumentException's message ends with "(Parameter 'X')" and a line "Actual value was ...": the first
        // line, which already quotes the value and the limit, is what an operator reads.
        var reason = refused.Message.Split('\n')[0].Trim();
        var property = (refused as ArgumentException)?.ParamName;
        var prefix = section is IConfigurationSection { Path: var path } ? path : string.Empty;
        if (property is not null && FindKey(section, property) is { } key)
        {
            var values = section.AsEnumerable()
                .Where(pair => pair.Value is not null && (pair.Key.Equals(key, StringComparison.OrdinalIgnoreCase) || pair.Key.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase)))
                .Select(pair => pair.Value);
            return $"Configuration key '{key}' has the value '{string.Join(", ", values)}', which is refused: {reason}";
        }

        return $"A value under configuration key '{prefix}' is refused: {reason}";
    }

    /// <summary>The full key whose last segment, or a list's name, is <paramref name="property"/>.</summary>
    private static string? FindKey(IConfiguration section, string property)
    {
        foreach (var (key, value) in section.AsEnumerable())
        {
            if (value is null)
            {
                continue;
            }

            var segments = key.Split(':');
            var at = Array.FindLastIndex(segments, segment => segment.Equals(property, StringComparison.OrdinalIgnoreCase));
            if (at >= 0)
            {
                return string.Join(':', segments[..(at + 1)]);
            }
        }

        return null;
    }
}
