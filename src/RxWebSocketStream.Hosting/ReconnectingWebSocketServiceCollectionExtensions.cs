using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RxWebSocketStream.Hosting.Internal;

namespace RxWebSocketStream.Hosting;

/// <summary>Registering named <see cref="ReconnectingConnection"/> sessions that start and stop with the host.</summary>
public static class ReconnectingWebSocketServiceCollectionExtensions
{
    /// <summary>
    /// Registers a named reconnecting session whose options come from a configuration section: a keyed singleton
    /// <see cref="ReconnectingConnection"/> (resolve it with <c>GetRequiredKeyedService&lt;ReconnectingConnection&gt;(name)</c>
    /// or <c>[FromKeyedServices(name)]</c>), options validated when the host starts, and a hosted service that starts the
    /// session with the host and closes it with 1001 going away when the host stops.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The section holds <c>Url</c>, <c>Connection</c> (the keys of <see cref="WebSocketConnectionOptions"/>) and
    /// <c>Session</c> (the keys of <see cref="ReconnectingConnectionOptions"/>, with <c>Policy</c>); docs/hosting.md lists
    /// them. A key no option has, a value that does not convert, and a value an option refuses stop the host's start
    /// with an <see cref="OptionsValidationException"/> naming the key, the value and the limit.
    /// </para>
    /// <para>
    /// <paramref name="configure"/> runs before the section is applied: set there what configuration cannot hold
    /// (<see cref="WebSocketConnectionOptions.ConfigureClient"/> for headers and tokens, schedulers, the reconnect rule),
    /// and configuration overrides the values it also sets. The URL and connection options are read again at every
    /// attempt, so a reload of the section applies at the next reconnect; the session options are read once.
    /// </para>
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="name">The session's name: its service key and its options name.</param>
    /// <param name="configuration">The section to bind, for example <c>builder.Configuration.GetSection("WebSockets:feed")</c>.</param>
    /// <param name="configure">Sets code-only options before the section is applied; <see langword="null"/> for none.</param>
    /// <returns>The options builder, for further validation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="name"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or a session of that name is already registered.</exception>
    public static OptionsBuilder<ReconnectingWebSocketOptions> AddReconnectingWebSocket(
        this IServiceCollection services,
        string name,
        IConfiguration configuration,
        Action<ReconnectingWebSocketOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = Register(services, name, configure, configuration);
        builder.Configure(options => ConfigurationBinding.Bind(configuration, options, name));
        services.AddSingleton<IOptionsChangeTokenSource<ReconnectingWebSocketOptions>>(new ConfigurationChangeTokenSource<ReconnectingWebSocketOptions>(name, configuration));
        return builder;
    }

    /// <summary>
    /// Registers a named reconnecting session whose options are set in code, as
    /// <see cref="AddReconnectingWebSocket(IServiceCollection, string, IConfiguration, Action{ReconnectingWebSocketOptions}?)"/>
    /// does with configuration.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The session's name: its service key and its options name.</param>
    /// <param name="configure">Sets the options: at least <see cref="ReconnectingWebSocketOptions.Url"/>.</param>
    /// <returns>The options builder, for further configuration and validation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="name"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or a session of that name is already registered.</exception>
    public static OptionsBuilder<ReconnectingWebSocketOptions> AddReconnectingWebSocket(
        this IServiceCollection services,
        string name,
        Action<ReconnectingWebSocketOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, name, configure, configuration: null);
    }

    private static OptionsBuilder<ReconnectingWebSocketOptions> Register(
        IServiceCollection services,
        string name,
        Action<ReconnectingWebSocketOptions>? configure,
        IConfiguration? configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(ReconnectingConnection) && Equals(d.ServiceKey, name)))
        {
            throw new ArgumentException($"A reconnecting WebSocket named '{name}' is already registered; each name may be added once.", nameof(name));
        }

        var builder = services.AddOptions<ReconnectingWebSocketOptions>(name);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        // Failures name configuration keys: the section's path, or the bare option names for options set in code.
        var keyPrefix = configuration is IConfigurationSection section ? section.Path + ":" : string.Empty;
        services.AddSingleton<IValidateOptions<ReconnectingWebSocketOptions>>(new ReconnectingWebSocketOptionsValidator(name, keyPrefix));
        builder.ValidateOnStart();

        services.AddKeyedSingleton(name, static (provider, key) => CreateSession(provider, (string)key!));
        services.AddSingleton<IHostedService>(provider => new ReconnectingWebSocketHostedService(provider.GetRequiredKeyedService<ReconnectingConnection>(name)));
        return builder;
    }

    private static ReconnectingConnection CreateSession(IServiceProvider provider, string name)
    {
        var monitor = provider.GetRequiredService<IOptionsMonitor<ReconnectingWebSocketOptions>>();

        // The host's logging and metrics, unless the options name their own (docs/observability.md).
        var loggerFactory = provider.GetService<ILoggerFactory>();
        var meterFactory = provider.GetService<IMeterFactory>();
        return ReconnectingConnection.Create(
            attempt =>
            {
                // The latest configuration at every attempt; validated (a reload to an invalid value fails the attempt).
                var options = monitor.Get(name);
                return WebSocketConnection.Connect(options.Url!, options.Connection.ForHostedAttempt(attempt.Cancellation, loggerFactory, meterFactory));
            },
            monitor.Get(name).Session.WithHostFactories(loggerFactory, meterFactory));
    }
}
