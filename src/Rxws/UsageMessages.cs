namespace Rxws;

/// <summary>Turns the library's argument errors into the one-line messages the tool prints on stderr.</summary>
internal static class UsageMessages
{
    /// <summary>The exception's message on one line, without the " (Parameter 'x')" suffix meant for developers.</summary>
    public static string OneLine(ArgumentException e)
    {
        var message = e.Message;
        if (e.ParamName is { } name)
        {
            var suffix = $" (Parameter '{name}')";
            var at = message.IndexOf(suffix, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message[..at];
            }
        }

        return message.ReplaceLineEndings(" ");
    }
}
