using System.Net.WebSockets;

namespace RxWebSocketStream.AspNetCore;

/// <summary>
/// How a <see cref="BroadcastGroup"/> treats its members: the size of each member's queue and what happens
/// when a member falls that far behind. Every property has a documented default; an invalid value throws
/// when it is set, naming the value and the rule.
/// </summary>
public sealed class BroadcastGroupOptions
{
    /// <summary>The default queue capacity: 1,024 messages per member.</summary>
    public const int DefaultQueueCapacity = 1024;

    /// <summary>The default close reason: "slow consumer".</summary>
    public const string DefaultCloseReason = "slow consumer";

    private readonly int _queueCapacity = DefaultQueueCapacity;
    private readonly SlowClientPolicy _slowClient = SlowClientPolicy.Close;
    private readonly WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.PolicyViolation;
    private readonly string _closeReason = DefaultCloseReason;

    /// <summary>
    /// Gets or sets how many broadcast messages may wait for one member (one connection in this group)
    /// before <see cref="SlowClient"/> applies. The queue holds references to the broadcast's payloads,
    /// which all members share, so a stalled member keeps at most this many payloads alive. The default is
    /// 1,024.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int QueueCapacity
    {
        get => _queueCapacity;
        init => _queueCapacity = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(QueueCapacity), value, $"The queue capacity is {value}; it must be at least 1.");
    }

    /// <summary>Gets or sets what happens to a member whose queue is full. The default is <see cref="SlowClientPolicy.Close"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="SlowClientPolicy"/>.</exception>
    public SlowClientPolicy SlowClient
    {
        get => _slowClient;
        init => _slowClient = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(SlowClient), value, $"{value} is not a SlowClientPolicy: use Close, DropOldest or DropNewest.");
    }

    /// <summary>
    /// Gets or sets the close code sent to a slow client under <see cref="SlowClientPolicy.Close"/>:
    /// <see cref="WebSocketCloseStatus.PolicyViolation"/> (1008, the default) or 1013 try again later
    /// (<c>(WebSocketCloseStatus)1013</c>, which the enum does not name), the codes RFC 6455 and the IANA
    /// registry give for "you broke a rule" and "overloaded, come back later".
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is neither 1008 nor 1013.</exception>
    public WebSocketCloseStatus CloseStatus
    {
        get => _closeStatus;
        init => _closeStatus = (int)value is 1008 or 1013
            ? value
            : throw new ArgumentOutOfRangeException(nameof(CloseStatus), (int)value, $"The slow-client close code is {(int)value}; it must be 1008 (policy violation) or 1013 (try again later).");
    }

    /// <summary>Gets or sets the close reason sent to a slow client, at most 123 UTF-8 bytes. The default is "slow consumer".</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The reason is longer than 123 UTF-8 bytes.</exception>
    public string CloseReason
    {
        get => _closeReason;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(CloseReason));
            _closeReason = WebSocketCloseInfo.TryValidateForProtocol(1008, value, out var problem)
                ? value
                : throw new ArgumentException(problem, nameof(CloseReason));
        }
    }
}
