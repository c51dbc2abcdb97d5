using System.CommandLine;

namespace Rxws.Commands;

/// <summary>Placeholder until the server package lands.</summary>
internal static class ServeCommand
{
    public static Command Create(ToolConsole console) => new("serve", "Listen for WebSocket connections until SIGINT/SIGTERM.");
}
