using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using Rxws.Output;
using Rxws.Serve;

namespace Rxws.Commands;

/// <summary>
/// <c>rxws serve [--host 127.0.0.1] [--port 0] [--protocol P]... [--mode echo|print] [--json]</c>: the
/// command line, and the checks made before listening.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(ToolConsole console)
    {
        var host = new Option<IPAddress>("--host")
        {
            Description = "The IP address to listen on, for example 127.0.0.1, ::1 or 0.0.0.0.",
            DefaultValueFactory = static _ => IPAddress.Loopback,
            CustomParser = ParseHost,
        };
        var port = new Option<int>("--port") { Description = "The port to listen on; 0 picks a free one.", DefaultValueFactory = static _ => 0 };
        port.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > IPEndPoint.MaxPort)
            {
                result.AddError($"invalid --port {result.GetValueOrDefault<int>()}: expected 0 to {IPEndPoint.MaxPort}.");
            }
        });
        var protocols = new Option<string[]>("--protocol") { Description = "A sub-protocol the server supports; repeat for several, in order of preference (the first the client offered wins)." };
        var mode = new Option<string>("--mode")
        {
            Description = "echo: send every message back with its type; print: only print it.",
            HelpName = "echo|print",
            DefaultValueFactory = static _ => "echo",
        };
        mode.Validators.Add(static result =>
        {
            if (ParseMode(result.GetValueOrDefault<string>()) is null)
            {
                result.AddError($"invalid --mode \"{result.GetValueOrDefault<string>()}\": expected echo or print.");
            }
        });
        var json = JsonOption.Create();

        var command = new Command("serve", "Listen for WebSocket connections until SIGINT/SIGTERM, printing what each connection does.")
        {
            host, port, protocols, mode, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            IEventWriter events = parsed.GetValue(json) ? new JsonEventWriter(console.Output) : new TextEventWriter(console.Output);
            var settings = new ServeSettings(
                parsed.GetRequiredValue(host),
                parsed.GetValue(port),
                parsed.GetValue(protocols) ?? [],
                ParseMode(parsed.GetValue(mode)) ?? ServeMode.Echo);
            try
            {
                return await ServeSession.RunAsync(settings, events, console.Error, cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                // A sub-protocol that is not an RFC 7230 token, or repeated.
                await console.Error.WriteLineAsync($"rxws serve: {UsageMessages.OneLine(e)}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private static ServeMode? ParseMode(string? text) => text switch
    {
        "echo" => ServeMode.Echo,
        "print" => ServeMode.Print,
        _ => null,
    };

    private static IPAddress ParseHost(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (IPAddress.TryParse(text, out var address))
        {
            return address;
        }

        result.AddError($"invalid --host \"{text}\": expected an IP address such as 127.0.0.1, ::1 or 0.0.0.0.");
        return IPAddress.Loopback;
    }
}
