using System.Reflection;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests.Hostile;

/// <summary>
/// Byte-exact writes on a <see cref="RawConnection"/>. Its own SendAsync encodes a well-formed frame
/// header; the fuzz cases need torn headers, lying lengths and masked server frames, so this writes the
/// bytes to its socket stream as they are.
/// </summary>
internal static class RawConnectionBytes
{
    public static async Task WriteBytesAsync(this RawConnection connection, byte[] bytes)
    {
        // RawConnection (Server/RawPeer.cs) is shared by other tests and has no raw write; reaching its stream
        // keeps the handshake in one place. If the field is renamed this fails loudly, never silently.
        var field = typeof(RawConnection).GetField("_stream", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("RawConnection has no _stream field any more: give it a method that writes raw bytes and use that here.");
        var stream = (Stream)field.GetValue(connection)!;
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }
}
