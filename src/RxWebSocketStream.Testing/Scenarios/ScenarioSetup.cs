using System.Net.WebSockets;
using System.Reactive.Concurrency;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Testing.Scenarios;

/// <summary>The <c>given:</c> lines of a scenario: peer behaviour and connection options.</summary>
internal sealed class ScenarioSetup
{
    private readonly List<string> _protocols = [];
    private TimeSpan? _closeTimeout;
    private TimeSpan? _connectTimeout;
    private int? _maxMessageSize;
    private int? _sendBuffer;
    private SendBufferOverflow? _overflow;
    private WebSocketCloseInfo? _unsubscribeClose;
    private TimeSpan? _idleTimeout;
    private TimeSpan _keepAliveInterval;
    private TimeSpan _keepAliveTimeout;

    private string? _serverProtocol;
    private TimeSpan _handshakeDelay;
    private bool _handshakeFails;
    private bool _peerAnswersClose = true;
    private bool _exactCloseFrames = true;

    public VirtualPeerOptions Peer => PeerRefusing(_handshakeFails ? "The virtual peer refused the handshake." : null);

    public bool CancelledBeforeConnect { get; private set; }

    /// <summary>
    /// The policy of a reconnecting session (<c>given: reconnect ...</c>), or <see langword="null"/> for a scenario of
    /// one <see cref="WebSocketConnection"/>.
    /// </summary>
    public ReconnectPolicy? Reconnect { get; private set; }

    /// <summary>The factory calls (counted from 1) whose peer refuses the handshake (<c>given: attempt N fails</c>).</summary>
    public HashSet<int> FailingAttempts { get; } = [];

    /// <summary>The peer of the session's factory call <paramref name="attempt"/>: as <see cref="Peer"/>, refusing if that attempt fails.</summary>
    public VirtualPeerOptions PeerOf(int attempt) =>
        PeerRefusing(FailingAttempts.Contains(attempt) || _handshakeFails ? $"The virtual peer of attempt {attempt} refused the handshake." : null);

    /// <summary>Wrap the peer's already-open socket (<c>WebSocketConnection.Create</c>) instead of connecting.</summary>
    public bool WrapOpenSocket { get; private set; }

    /// <summary>Subscriber number to the message its observer throws.</summary>
    public Dictionary<int, string> ThrowingSubscribers { get; } = [];

    private VirtualPeerOptions PeerRefusing(string? refusal) => new()
    {
        SubProtocol = _serverProtocol,
        HandshakeDelay = _handshakeDelay,
        AnswersClose = _peerAnswersClose,
        ExactCloseFrames = _exactCloseFrames,
        KeepAliveInterval = _keepAliveInterval,
        KeepAliveTimeout = _keepAliveTimeout,
        HandshakeFailure = refusal is null ? null : new WebSocketException(refusal),
    };

    public static ScenarioSetup From(ScenarioFile file)
    {
        var setup = new ScenarioSetup();
        foreach (var (text, line) in file.Given)
        {
            try
            {
                setup.Apply(new Words(text));
            }
            catch (FormatException e)
            {
                throw new ScenarioFormatException($"{file.Where(line)}: given: {e.Message}");
            }
        }

        return setup;
    }

    public WebSocketConnectionOptions Connection(IScheduler scheduler, VirtualPeer peer, CancellationToken cancellation)
    {
        var defaults = new WebSocketConnectionOptions();
        return new()
        {
            Scheduler = scheduler,
            Cancellation = cancellation,
            Protocols = _protocols,
            SocketFactory = (uri, protocols, ct) => peer.ConnectAsync(uri, protocols, ct),
            CloseTimeout = _closeTimeout ?? defaults.CloseTimeout,
            ConnectTimeout = _connectTimeout ?? defaults.ConnectTimeout,
            MaxMessageSize = _maxMessageSize ?? defaults.MaxMessageSize,
            SendBufferCapacity = _sendBuffer ?? defaults.SendBufferCapacity,
            SendBufferOverflow = _overflow ?? defaults.SendBufferOverflow,
            UnsubscribeCloseInfo = _unsubscribeClose ?? defaults.UnsubscribeCloseInfo,
            IdleTimeout = _idleTimeout ?? defaults.IdleTimeout,
            // The virtual socket pings by its peer's options; the connection's say the same for the record.
            KeepAliveInterval = _keepAliveInterval,
            KeepAliveTimeout = _keepAliveTimeout,
        };
    }

    private void Apply(Words w)
    {
        if (w.Take("handshake fails"))
        {
            _handshakeFails = true;
        }
        else if (w.Take("handshake"))
        {
            _handshakeDelay = w.Duration();
        }
        else if (w.Take("server picks"))
        {
            _serverProtocol = w.Quoted();
        }
        else if (w.Take("peer ignores close"))
        {
            _peerAnswersClose = false;
        }
        else if (w.Take("protocols"))
        {
            while (w.OptionalQuoted() is { } protocol)
            {
                _protocols.Add(protocol);
            }
        }
        else if (w.Take("close timeout"))
        {
            _closeTimeout = w.Duration();
        }
        else if (w.Take("connect timeout"))
        {
            _connectTimeout = w.Duration();
        }
        else if (w.Take("idle timeout"))
        {
            _idleTimeout = w.Duration();
        }
        else if (w.Take("keep-alive every"))
        {
            _keepAliveInterval = w.Duration();
            if (w.Take("timeout"))
            {
                _keepAliveTimeout = w.Duration();
            }
        }
        else if (w.Take("max message"))
        {
            _maxMessageSize = w.Number();
            w.Take("bytes");
        }
        else if (w.Take("send buffer"))
        {
            _sendBuffer = w.Number();
        }
        else if (w.Take("overflow drop newest"))
        {
            _overflow = SendBufferOverflow.DropNewest;
        }
        else if (w.Take("unsubscribe close"))
        {
            _unsubscribeClose = new WebSocketCloseInfo(w.Number(), w.OptionalQuoted());
        }
        else if (w.Take("reconnect"))
        {
            Reconnect = ReconnectPolicyFrom(w);
        }
        else if (w.Take("attempt") || w.Take("attempts"))
        {
            // "attempt 2 fails", "attempts 2 3 4 fail": factory calls counted from 1, as the peer N timelines are.
            do
            {
                FailingAttempts.Add(w.Number());
            }
            while (!w.Take("fails") && !w.Take("fail"));
        }
        else if (w.Take("bare socket"))
        {
            // A socket the library did not make (SocketFactory, Create): the BCL's close frames, not exact ones.
            _exactCloseFrames = false;
        }
        else if (w.Take("wrap open socket"))
        {
            WrapOpenSocket = true;
        }
        else if (w.Take("cancelled before connect"))
        {
            CancelledBeforeConnect = true;
        }
        else if (w.Take("subscriber"))
        {
            var number = w.Number();
            if (!w.Take("throws"))
            {
                throw w.Error("throws \"message\"");
            }

            ThrowingSubscribers[number] = w.Quoted();
        }
        else
        {
            throw w.Error("reconnect ..., attempt N fails, handshake 5ms, handshake fails, server picks \"p\", peer ignores close, protocols \"p\"..., close timeout, connect timeout, idle timeout, keep-alive every 10ms timeout 5ms, max message N, send buffer N, overflow drop newest, unsubscribe close N, cancelled before connect, wrap open socket, bare socket or subscriber N throws \"m\"");
        }

        w.End();
    }

    /// <summary>
    /// <c>initial 10ms max 40ms attempts 3 jitter 0.5</c>, each part optional but in this order. The jitter is fixed
    /// (0.5 unless given) so that every wait is known: the wait is the back-off ceiling times the jitter.
    /// </summary>
    private static ReconnectPolicy ReconnectPolicyFrom(Words w)
    {
        var policy = new ReconnectPolicy();
        if (w.Take("initial"))
        {
            policy = policy with { InitialDelay = w.Duration() };
        }

        if (w.Take("max"))
        {
            policy = policy with { MaxDelay = w.Duration() };
        }

        if (w.Take("attempts"))
        {
            policy = policy with { MaxAttempts = w.Number() };
        }

        var jitter = w.Take("jitter") ? w.Fraction() : 0.5;
        return policy with { Jitter = () => jitter };
    }
}
