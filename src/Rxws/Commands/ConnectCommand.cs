using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Rxws.Connect;
using Rxws.Output;

namespace Rxws.Commands;

/// <summary>
/// <c>rxws connect URL [--protocol P]... [--header "Name: value"]... [--close-code N] [--close-reason R]
/// [--binary] [--json]</c>: the command line, and the checks made before connecting.
/// </summary>
internal static class ConnectCommand
{
    public static Command Create(ToolConsole console)
    {
        var url = new Argument<string>("url") { Description = "The ws://, wss://, http:// or https:// URL to connect to." };
        var protocols = new Option<string[]>("--protocol") { Description = "A sub-protocol to offer; repeat for several, in order of preference." };
        var headers = new Option<string[]>("--header") { Description = "An extra handshake request header, \"Name: value\"; repeat for several." };
        var closeCode = new Option<int?>("--close-code")
        {
            Description = "The close code sent at the end of input: 1000 or 3000-4999.",
            CustomParser = ParseCloseCode,
        };
        var closeReason = new Option<string?>("--close-reason") { Description = "The close reason sent at the end of input: at most 123 UTF-8 bytes." };
        var binary = new Option<bool>("--binary") { Description = "Each input line is base64, sent as a binary message." };
        var json = JsonOption.Create();

        var command = new Command("connect", "Connect to URL, send each line of standard input as a message, print what arrives, close at the end of input.")
        {
            url, protocols, headers, closeCode, closeReason, binary, json,
        };
        command.SetAction((parsed, cancellationToken) =>
        {
            // Close arguments first: an invalid one means no connection at all.
            if (!CloseArguments.TryValidate(parsed.GetValue(closeCode), parsed.GetValue(closeReason), out var closeInfo, out var closeError))
            {
                return UsageErrorAsync(console, closeError!);
            }

            if (!Uri.TryCreate(parsed.GetRequiredValue(url), UriKind.Absolute, out var target))
            {
                return UsageErrorAsync(console, $"rxws connect: invalid URL \"{parsed.GetValue(url)}\": expected an absolute ws://, wss://, http:// or https:// URL.");
            }

            if (!HeaderArguments.TryParse(parsed.GetValue(headers) ?? [], out var parsedHeaders, out var headerError))
            {
                return UsageErrorAsync(console, headerError!);
            }

            var settings = new ConnectSettings(target, parsed.GetValue(protocols) ?? [], parsedHeaders, closeInfo, parsed.GetValue(binary));
            IEventWriter events = parsed.GetValue(json) ? new JsonEventWriter(console.Output) : new TextEventWriter(console.Output);
            return ConnectSession.RunAsync(settings, console.Input, events, console.Error, cancellationToken);
        });
        return command;
    }

    private static int? ParseCloseCode(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code))
        {
            return code;
        }

        result.AddError($"invalid --close-code \"{text}\": expected a whole number (1000 or 3000-4999).");
        return null;
    }

    private static async Task<int> UsageErrorAsync(ToolConsole console, string message)
    {
        await console.Error.WriteLineAsync(message).ConfigureAwait(false);
        return ExitCodes.Usage;
    }
}
