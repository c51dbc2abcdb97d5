using System.Diagnostics;
using System.Net.WebSockets;

namespace RxWebSocketStream.Internal;

/// <summary>
/// Puts the W3C trace context of the current activity (the connect span while one is recorded) into the handshake
/// request, through the process's <see cref="DistributedContextPropagator"/> as <c>HttpClient</c> does
/// (<see cref="WebSocketConnectionOptions.PropagateTraceContext"/>).
/// </summary>
internal static class TraceContext
{
    public static void Inject(ClientWebSocketOptions options)
    {
        if (Activity.Current is { } activity)
        {
            DistributedContextPropagator.Current.Inject(activity, options, static (carrier, name, value) =>
            {
                if (carrier is ClientWebSocketOptions target && value is not null)
                {
                    target.SetRequestHeader(name, value);
                }
            });
        }
    }
}
