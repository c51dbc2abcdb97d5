using System.Globalization;
using System.Net.WebSockets;
using System.Text;

namespace RxWebSocketStream.Testing;

/// <summary>
/// The BCL's managed WebSocket rules and exceptions, in one place, so the virtual socket fails exactly as a real one
/// (checked side by side in the tests against <see cref="WebSocket.CreateFromStream(Stream, bool, string?, TimeSpan)"/>).
/// </summary>
internal static class BclRules
{
    /// <summary>RFC 6455 5.5: a control frame payload is at most 125 bytes.</summary>
    internal const int MaxControlPayloadLength = 125;

    /// <summary>RFC 6455 5.5.1: the reason is what fits in 125 bytes after the 2-byte code.</summary>
    internal const int MaxCloseReasonBytes = WebSocketCloseInfo.MaxReasonBytes;

    internal static readonly WebSocketState[] ValidSendStates = [WebSocketState.Open, WebSocketState.CloseReceived];
    internal static readonly WebSocketState[] ValidReceiveStates = [WebSocketState.Open, WebSocketState.CloseSent];
    internal static readonly WebSocketState[] ValidCloseOutputStates = [WebSocketState.Open, WebSocketState.CloseReceived];
    internal static readonly WebSocketState[] ValidCloseStates = [WebSocketState.Open, WebSocketState.CloseSent, WebSocketState.CloseReceived];

    /// <summary>Strict UTF-8, as the BCL decodes close reasons and validates text messages.</summary>
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    internal const string InvalidControlMessage = "The WebSocket received an invalid control message.";
    internal const string ContinuationFromFinalFrame = "The WebSocket received a continuation frame from a previous final message.";
    internal const string NonContinuationAfterNonFinalFrame = "The WebSocket expected a continuation frame after having received a previous non-final frame.";

    /// <summary>The state check every operation starts with; <see langword="null"/> when the operation may proceed.</summary>
    internal static Exception? CheckState(WebSocketState state, bool disposed, WebSocketState[] validStates)
    {
        if (Array.IndexOf(validStates, state) < 0)
        {
            return new WebSocketException(
                WebSocketError.InvalidState,
                $"The WebSocket is in an invalid state ('{state}') for this operation. Valid states are: '{string.Join(", ", validStates)}'");
        }

        return disposed ? new ObjectDisposedException(nameof(WebSocket)) : null;
    }

    /// <summary>What a pending operation fails with when the transport goes away under it.</summary>
    internal static Exception TransportLost(WebSocketState state) =>
        state == WebSocketState.Aborted
            ? new OperationCanceledException(nameof(WebSocketState.Aborted))
            : new WebSocketException(WebSocketError.ConnectionClosedPrematurely);

    /// <summary>The send-side argument checks of <c>CloseAsync</c>/<c>CloseOutputAsync</c>, thrown synchronously.</summary>
    internal static void ValidateCloseStatus(WebSocketCloseStatus closeStatus, string? statusDescription)
    {
        if (closeStatus == WebSocketCloseStatus.Empty && !string.IsNullOrEmpty(statusDescription))
        {
            throw new ArgumentException(
                $"The close status description '{statusDescription}' is invalid. When using close status code 'Empty' the description must be null.",
                nameof(statusDescription));
        }

        // 0-999 are not used, 1006 means "aborted" and 1015 "TLS failure": never on the wire.
        var code = (int)closeStatus;
        if (code is >= 0 and <= 999 or 1006 or 1015)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The close status code '{code}' is reserved for system use only and cannot be specified when calling this method."),
                nameof(closeStatus));
        }

        if (!string.IsNullOrEmpty(statusDescription) && Encoding.UTF8.GetByteCount(statusDescription) > MaxCloseReasonBytes)
        {
            throw new ArgumentException(
                $"The close status description '{statusDescription}' is too long. The UTF-8 representation of the status description must not be longer than {MaxCloseReasonBytes} bytes.",
                nameof(statusDescription));
        }
    }

    internal static void ValidateMessageType(WebSocketMessageType messageType)
    {
        if (messageType is not (WebSocketMessageType.Text or WebSocketMessageType.Binary))
        {
            throw new ArgumentException(
                "The message type 'Close' is not allowed for the 'SendAsync' operation. Valid message types are: 'Binary, Text'. To close the WebSocket, use the 'CloseOutputAsync' operation instead. ",
                nameof(messageType));
        }
    }

    internal static void ValidateArraySegment(ArraySegment<byte> segment, string parameterName)
    {
        if (segment.Array is null)
        {
            throw new ArgumentNullException(parameterName + "." + nameof(segment.Array));
        }
    }

    /// <summary>
    /// The receive-side check of a peer's close code (RFC 6455 7.4): 1000-1003, 1007-1014 and 3000-4999 are valid;
    /// 0-999, 1004-1006, 1015-2999 and 5000 and up fail the connection with 1002.
    /// </summary>
    internal static bool IsValidReceivedCloseStatus(int code) => code switch
    {
        < 1000 or >= 5000 => false,
        >= 3000 => true,
        1000 or 1001 or 1002 or 1003 or (>= 1007 and <= 1014) => true,
        _ => false,
    };
}
