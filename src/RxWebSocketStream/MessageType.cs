namespace RxWebSocketStream;

/// <summary>Whether a <see cref="Message"/> is text (UTF-8) or binary.</summary>
public enum MessageType
{
    /// <summary>A binary message: opcode 0x2.</summary>
    Binary,

    /// <summary>A text message, UTF-8 on the wire: opcode 0x1.</summary>
    Text,
}
