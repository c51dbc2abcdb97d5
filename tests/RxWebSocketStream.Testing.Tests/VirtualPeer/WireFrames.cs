using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;

namespace RxWebSocketStream.Testing.Tests.VirtualPeer;

/// <summary>Raw RFC 6455 framing for the hand-written real peer: unmasked frames out, masked frames in.</summary>
internal static class WireFrames
{
    internal static byte[] Encode(InboundFrame frame)
    {
        var opcode = frame.Code switch
        {
            InboundFrame.Opcode.Continuation => 0x0,
            InboundFrame.Opcode.Text => 0x1,
            InboundFrame.Opcode.Binary => 0x2,
            _ => 0x8,
        };
        var header = new List<byte> { (byte)((frame.Fin ? 0x80 : 0) | opcode) };
        var length = frame.Payload.Length;
        if (length < 126)
        {
            header.Add((byte)length);
        }
        else
        {
            header.Add(126);
            header.Add((byte)(length >> 8));
            header.Add((byte)length);
        }

        return [.. header, .. frame.Payload];
    }

    /// <summary>Reads masked frames until end of stream and turns them into what the virtual peer records.</summary>
    internal static async Task<List<SocketAction>> ReadAllAsync(Stream stream)
    {
        var actions = new List<SocketAction>();
        var message = new List<byte>();
        var messageType = WebSocketMessageType.Binary;
        var header = new byte[2];
        while (await stream.ReadAtLeastAsync(header, 2, throwOnEndOfStream: false) == 2)
        {
            var opcode = header[0] & 0x0F;
            var fin = (header[0] & 0x80) != 0;
            long length = header[1] & 0x7F;
            if (length == 126)
            {
                var extended = new byte[2];
                await stream.ReadExactlyAsync(extended);
                length = BinaryPrimitives.ReadUInt16BigEndian(extended);
            }
            else if (length == 127)
            {
                var extended = new byte[8];
                await stream.ReadExactlyAsync(extended);
                length = BinaryPrimitives.ReadInt64BigEndian(extended);
            }

            var mask = new byte[4];
            await stream.ReadExactlyAsync(mask);
            var payload = new byte[length];
            await stream.ReadExactlyAsync(payload);
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= mask[i % 4];
            }

            if (opcode == 0x8)
            {
                var status = (WebSocketCloseStatus)BinaryPrimitives.ReadUInt16BigEndian(payload);
                actions.Add(SocketAction.CloseOutput(status, Encoding.UTF8.GetString(payload, 2, payload.Length - 2)));
                continue;
            }

            if (opcode is 0x1 or 0x2)
            {
                messageType = opcode == 0x1 ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
            }

            message.AddRange(payload);
            if (fin)
            {
                actions.Add(messageType == WebSocketMessageType.Text
                    ? SocketAction.TextMessage(Encoding.UTF8.GetString(message.ToArray()))
                    : SocketAction.BinaryMessage(message.ToArray()));
                message.Clear();
            }
        }

        return actions;
    }
}
