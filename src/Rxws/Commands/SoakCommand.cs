using System.CommandLine;
using System.CommandLine.Parsing;
using Rxws.Soak;

namespace Rxws.Commands;

/// <summary>
/// <c>rxws soak [--messages N] [--connections C] [--abort-every M] [--seed S] [--size B] [--window W] [--url URL]
/// [--abort-by server|client]</c>: sequence-numbered messages through an echo server while connections are
/// broken at random points, and a check that every message is accounted for (issue 6).
/// </summary>
internal static class SoakCommand
{
    public static Command Create(ToolConsole console)
    {
        var messages = new Option<int>("--messages") { Description = "How many messages to send in all.", DefaultValueFactory = static _ => 1_000_000 };
        var connections = new Option<int>("--connections") { Description = "How many connections send at once; each reconnects after an abort.", DefaultValueFactory = static _ => 4 };
        var abortEvery = new Option<int>("--abort-every")
        {
            Description = "The mean number of messages between two aborts; 0 for none.",
            DefaultValueFactory = static _ => 20_000,
        };
        var seed = new Option<int?>("--seed") { Description = "Makes the abort points and the SendAsync/sink choice repeatable; random (and printed) by default." };
        var window = new Option<int>("--window")
        {
            Description = $"How many messages a connection may have sent and not yet seen echoed (1-{MaxWindow}).",
            DefaultValueFactory = static _ => 256,
        };
        var size = new Option<int>("--size")
        {
            Description = $"The size of each message in bytes (at least {SoakPayload.MinimumSize}, the sequence number); large ones fill TCP's buffers, so messages wait in the library's send queue.",
            DefaultValueFactory = static _ => SoakPayload.MinimumSize,
        };
        var url = new Option<string?>("--url") { Description = "An external echo server (ws:// or wss://) instead of the embedded one; it must send each binary message back unchanged." };
        var abortBy = new Option<string?>("--abort-by")
        {
            Description = "Which end breaks the TCP connection at an abort point: server (the default, embedded server only) or client (the default with --url).",
            HelpName = "server|client",
        };

        AtLeast(messages, 1);
        AtLeast(connections, 1);
        AtLeast(abortEvery, 0);
        AtLeast(window, 1);
        AtLeast(size, SoakPayload.MinimumSize);
        window.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<int>() > MaxWindow)
            {
                result.AddError($"invalid --window {result.GetValueOrDefault<int>()}: expected at most {MaxWindow} (the library's send buffer).");
            }
        });
        abortBy.Validators.Add(static result =>
        {
            if (ParseSide(result.GetValueOrDefault<string?>()) is null)
            {
                result.AddError($"invalid --abort-by \"{result.GetValueOrDefault<string?>()}\": expected server or client.");
            }
        });

        var command = new Command("soak", "Send sequence-numbered messages through an echo server while connections are aborted, and check that each is echoed, reported unsent, or in doubt at the end of a broken connection.")
        {
            messages, connections, abortEvery, seed, size, window, url, abortBy,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(url) is { } text && !IsWebSocketUrl(text))
            {
                result.AddError($"invalid --url \"{text}\": expected an absolute ws:// or wss:// URL.");
            }
            else if (result.GetValue(url) is not null && ParseSide(result.GetValue(abortBy)) == AbortSide.Server)
            {
                result.AddError("--abort-by server needs the embedded server: an external server (--url) cannot be told where to abort.");
            }
        });
        command.SetAction((parsed, cancellationToken) =>
        {
            var external = parsed.GetValue(url) is { } text ? new Uri(text) : null;
            var settings = new SoakSettings(
                parsed.GetValue(messages),
                parsed.GetValue(connections),
                parsed.GetValue(abortEvery),
                parsed.GetValue(seed) ?? Random.Shared.Next(),
                parsed.GetValue(size),
                parsed.GetValue(window),
                external,
                ParseSide(parsed.GetValue(abortBy)) ?? (external is null ? AbortSide.Server : AbortSide.Client));
            return SoakRunner.RunAsync(settings, console.Output, console.Error, cancellationToken);
        });
        return command;
    }

    // The window must fit the library's default send buffer, or the sink would overflow it.
    private const int MaxWindow = RxWebSocketStream.WebSocketConnectionOptions.DefaultSendBufferCapacity;

    private static void AtLeast(Option<int> option, int minimum) => option.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<int>() < minimum)
        {
            result.AddError($"invalid {option.Name} {result.GetValueOrDefault<int>()}: expected at least {minimum}.");
        }
    });

    private static AbortSide? ParseSide(string? text) => text switch
    {
        null => null,
        "server" => AbortSide.Server,
        "client" => AbortSide.Client,
        _ => null,
    };

    private static bool IsWebSocketUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss" && uri.Fragment.Length == 0;
}
