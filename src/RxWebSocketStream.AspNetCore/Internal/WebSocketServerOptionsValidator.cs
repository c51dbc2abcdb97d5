using Microsoft.Extensions.Options;

namespace RxWebSocketStream.AspNetCore.Internal;

/// <summary>
/// Checks what no setter can check, when the application starts (ValidateOnStart) and at every reload: the close infos
/// that configuration binding changed in place.
/// </summary>
internal sealed class WebSocketServerOptionsValidator(string name, string keyPrefix) : IValidateOptions<WebSocketServerOptions>
{
    public ValidateOptionsResult Validate(string? optionsName, WebSocketServerOptions options)
    {
        if (optionsName != name)
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            options.Connection.ValidateCloseInfos();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail($"Configuration key '{keyPrefix}Connection:{e.ParamName}' is refused: {e.Message.Split('\n')[0].Trim()}");
        }
    }
}
