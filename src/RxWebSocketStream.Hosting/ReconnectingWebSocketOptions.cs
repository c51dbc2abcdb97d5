namespace RxWebSocketStream.Hosting;

/// <summary>
/// The settings of one named reconnecting session registered by
/// <see cref="ReconnectingWebSocketServiceCollectionExtensions.AddReconnectingWebSocket(Microsoft.Extensions.DependencyInjection.IServiceCollection, string, Microsoft.Extensions.Configuration.IConfiguration, Action{ReconnectingWebSocketOptions}?)"/>:
/// the server's URL, the options of each connection and the options of the session. Configuration sets every
/// property that has a value form; delegates and schedulers are set in code (docs/hosting.md, "Configuration keys").
/// </summary>
public sealed class ReconnectingWebSocketOptions
{
    private WebSocketConnectionOptions _connection = new();
    private ReconnectingConnectionOptions _session = new();

    /// <summary>
    /// Gets or sets the server's address: an absolute ws, wss, http or https URL with no fragment, as
    /// <see cref="WebSocketConnection.Connect(Uri, WebSocketConnectionOptions?)"/> takes. Required: the host does not
    /// start without it. Read again at every attempt, so a configuration reload applies at the next reconnect.
    /// </summary>
    public Uri? Url { get; set; }

    /// <summary>
    /// Gets or sets the options of each connection (sub-protocols, timeouts, keep-alive, buffers, the
    /// <see cref="WebSocketConnectionOptions.ConfigureClient"/> hook for headers and tokens). Read again at every attempt,
    /// so a configuration reload applies at the next reconnect; <see cref="WebSocketConnectionOptions.Cancellation"/> is
    /// replaced by the attempt's own token. The default is <c>new WebSocketConnectionOptions()</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public WebSocketConnectionOptions Connection
    {
        get => _connection;
        set => _connection = value ?? throw new ArgumentNullException(nameof(Connection));
    }

    /// <summary>
    /// Gets or sets the options of the session: the reconnect policy, what a send does while disconnected, the send queue.
    /// Read once, when the session is made. The default is <c>new ReconnectingConnectionOptions()</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public ReconnectingConnectionOptions Session
    {
        get => _session;
        set => _session = value ?? throw new ArgumentNullException(nameof(Session));
    }
}
