using System.Diagnostics.Metrics;

namespace RxWebSocketStream.AspNetCore;

/// <summary>Settings of a <see cref="Broadcaster"/>. Every property has a documented default.</summary>
public sealed class BroadcasterOptions
{
    private readonly BroadcastGroupOptions _defaultGroup = new();

    /// <summary>
    /// Gets or sets the backplane that carries broadcasts to the other server instances of the application,
    /// or <see langword="null"/> (the default) to reach only this instance's connections.
    /// </summary>
    public IBroadcastBackplane? Backplane { get; init; }

    /// <summary>
    /// Gets or sets the factory of the meter the fan-out counts its drops to (<c>rxws.fanout.messages.dropped</c>,
    /// <c>rxws.fanout.slow_clients.closed</c>; docs/observability.md). The default, <see langword="null"/>, reports to
    /// the process-wide meter named <see cref="WebSocketTelemetry.MeterName"/>.
    /// </summary>
    public IMeterFactory? MeterFactory { get; init; }

    /// <summary>
    /// Gets or sets the options of <see cref="Broadcaster.All"/> and of every group made by
    /// <see cref="Broadcaster.Group(string)"/> without options of its own. The default is
    /// <c>new BroadcastGroupOptions()</c>: 1,024 messages per member, slow clients closed with 1008.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public BroadcastGroupOptions DefaultGroup
    {
        get => _defaultGroup;
        init => _defaultGroup = value ?? throw new ArgumentNullException(nameof(DefaultGroup));
    }
}
