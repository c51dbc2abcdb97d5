using System.Net;

namespace Rxws.Serve;

/// <summary>What <c>rxws serve</c> was asked to do, after its arguments were validated.</summary>
/// <param name="Address">The IP address to listen on.</param>
/// <param name="Port">The port; 0 for a free one.</param>
/// <param name="Protocols">The sub-protocols the server supports, in its order of preference.</param>
/// <param name="Mode">Echo or print.</param>
internal sealed record ServeSettings(IPAddress Address, int Port, IReadOnlyList<string> Protocols, ServeMode Mode);
