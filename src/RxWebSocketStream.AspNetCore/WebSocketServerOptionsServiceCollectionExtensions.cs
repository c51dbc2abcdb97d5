using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RxWebSocketStream.AspNetCore.Internal;
using RxWebSocketStream.Hosting.Internal;

namespace RxWebSocketStream.AspNetCore;

/// <summary>Named <see cref="WebSocketServerOptions"/> from configuration, for <c>MapWebSocketConnection(pattern, handler, optionsName)</c>.</summary>
public static class WebSocketServerOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Registers named server options bound from a configuration section (the keys of <see cref="WebSocketServerOptions"/>,
    /// with <c>Connection</c> for the options of each accepted connection; docs/hosting.md lists them), validated when the
    /// application starts and at every reload. A key no option has, a value that does not convert, a value an option
    /// refuses, or options that contradict each other stop the start with an <see cref="OptionsValidationException"/>
    /// naming the key, the value and the limit. Each accepted request reads the options afresh, so a reload applies to
    /// the next connection.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The options name that <c>MapWebSocketConnection</c> is given.</param>
    /// <param name="configuration">The section to bind, for example <c>builder.Configuration.GetSection("WebSocketServers:chat")</c>.</param>
    /// <returns>The options builder, for further validation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="name"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static OptionsBuilder<WebSocketServerOptions> AddWebSocketServerOptions(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configuration);

        var builder = services.AddOptions<WebSocketServerOptions>(name);
        builder.Configure(options => ConfigurationBinding.Bind(configuration, options, name));
        services.AddSingleton<IOptionsChangeTokenSource<WebSocketServerOptions>>(new ConfigurationChangeTokenSource<WebSocketServerOptions>(name, configuration));
        var keyPrefix = configuration is IConfigurationSection section ? section.Path + ":" : string.Empty;
        services.AddSingleton<IValidateOptions<WebSocketServerOptions>>(new WebSocketServerOptionsValidator(name, keyPrefix));
        builder.ValidateOnStart();
        return builder;
    }
}
