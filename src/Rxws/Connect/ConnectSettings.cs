using RxWebSocketStream;

namespace Rxws.Connect;

/// <summary>What <c>rxws connect</c> was asked to do, after its arguments were validated.</summary>
/// <param name="Url">The URL to connect to.</param>
/// <param name="Protocols">The sub-protocols to offer, in order.</param>
/// <param name="Headers">Extra request headers for the handshake.</param>
/// <param name="CloseInfo">What to close with at the end of input; <see langword="null"/> for <c>Close()</c> with nothing.</param>
/// <param name="Binary">Whether each input line is base64 for a binary message.</param>
internal sealed record ConnectSettings(
    Uri Url,
    IReadOnlyList<string> Protocols,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    WebSocketCloseInfo? CloseInfo,
    bool Binary);
