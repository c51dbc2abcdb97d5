using System.Net.WebSockets;
using Rxws.Output;
using RxWebSocketStream;

namespace Rxws.Connect;

/// <summary>
/// One run of <c>rxws connect</c>: connect, print what arrives, send what standard input gives, and end as
/// soon as the connection does, from either side.
/// </summary>
internal static class ConnectSession
{
    /// <summary>
    /// Runs the session and returns the exit code: 0 after a clean close, 1 after an unclean close or a
    /// failed connection, 2 when the URL, a sub-protocol or a header is refused before connecting.
    /// <paramref name="shutdown"/> (Ctrl+C) acts as the end of input.
    /// </summary>
    public static async Task<int> RunAsync(ConnectSettings settings, TextReader input, IEventWriter events, TextWriter error, CancellationToken shutdown)
    {
        WebSocketConnection connection;
        try
        {
            connection = WebSocketConnection.Connect(settings.Url, new WebSocketConnectionOptions
            {
                Protocols = settings.Protocols,
                ConfigureClient = client => AddHeaders(client, settings.Headers),
            });
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"rxws connect: {UsageMessages.OneLine(e)}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        await using (connection.ConfigureAwait(false))
        {
            // Opened completes inline, before the first message is read, so "open" is always printed first.
            _ = connection.Opened.ContinueWith(
                opened => events.Open(null, opened.Result),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

            using var subscription = connection.Subscribe(
                message => events.Message(null, message),
                static _ => { },
                static () => { });

            using var stopPump = new CancellationTokenSource();
            _ = StdinPump.RunAsync(input, connection, settings.Binary, settings.CloseInfo, events, stopPump.Token);
            using var onShutdown = shutdown.Register(static state =>
            {
                var (connection, closeInfo) = ((WebSocketConnection, WebSocketCloseInfo?))state!;
                connection.Close(closeInfo);
            }, (connection, settings.CloseInfo));

            var outcome = await CloseOutcome.OfAsync(connection).ConfigureAwait(false);
            await stopPump.CancelAsync().ConfigureAwait(false);
            if (outcome.Error is { } why)
            {
                events.Error(null, why);
            }

            events.Closed(null, outcome);
            return outcome.ExitCode;
        }
    }

    private static void AddHeaders(ClientWebSocketOptions client, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        foreach (var (name, value) in headers)
        {
            client.SetRequestHeader(name, value);
        }
    }
}
