using Microsoft.Extensions.Options;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream.Hosting.Internal;

/// <summary>
/// Checks what no setter can check alone, when the host starts (ValidateOnStart) and at every reload: a URL is
/// set and is one Connect accepts, and the close infos that binding changed in place may be sent. Failures name the
/// configuration key under the section (<paramref name="keyPrefix"/>), or the option when no section was given.
/// </summary>
internal sealed class ReconnectingWebSocketOptionsValidator(string name, string keyPrefix) : IValidateOptions<ReconnectingWebSocketOptions>
{
    public ValidateOptionsResult Validate(string? optionsName, ReconnectingWebSocketOptions options)
    {
        if (optionsName != name)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (options.Url is null)
        {
            failures.Add($"{Key("Url")} is missing: reconnecting WebSocket '{name}' needs the server's ws:// or wss:// address.");
        }
        else
        {
            try
            {
                HandshakeValidation.NormalizeUrl(options.Url, nameof(options.Url));
            }
            catch (ArgumentException e)
            {
                failures.Add($"{Key("Url")} has the value '{options.Url.OriginalString}', which is refused: {e.Message.Split('\n')[0].Trim()}");
            }
        }

        try
        {
            options.Connection.ValidateCloseInfos();
        }
        catch (ArgumentException e)
        {
            failures.Add($"{Key("Connection:" + e.ParamName)} is refused: {e.Message.Split('\n')[0].Trim()}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private string Key(string key) =>
        keyPrefix.Length > 0 ? $"Configuration key '{keyPrefix}{key}'" : $"Option '{key.Replace(':', '.')}' of reconnecting WebSocket '{name}'";
}
