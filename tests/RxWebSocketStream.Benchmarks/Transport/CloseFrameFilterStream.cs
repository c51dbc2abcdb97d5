using System.Buffers.Binary;

namespace RxWebSocketStream.Benchmarks.Transport;

/// <summary>
/// A prototype of the stream filter DESIGN.md 6 describes, built only to price it: it sits between a
/// <see cref="System.Net.WebSockets.WebSocket"/> and its stream, rewrites the client's masked close frame
/// carrying 1005 into an empty close frame on the way out, and on the way in tracks frame boundaries to
/// notice a peer's empty close frame (which the BCL reports as 1000). Everything else passes through.
/// </summary>
internal sealed class CloseFrameFilterStream(Stream inner) : Stream
{
    private readonly byte[] _header = new byte[14];
    private int _headerCount;
    private int _headerLength;
    private long _payloadLeft;

    /// <summary>Whether a close frame with an empty body came in.</summary>
    public bool SawEmptyClose { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Track(buffer.Span[..read]);
        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var span = buffer.Span;

        // FIN + close, masked, 2-byte body: the only frame that can carry 1005 (the BCL writes a frame in one call).
        if (span.Length == 8 && span[0] == 0x88 && span[1] == 0x82
            && (ushort)(((span[6] ^ span[2]) << 8) | (span[7] ^ span[3])) == 1005)
        {
            var empty = new byte[6];
            empty[0] = 0x88;
            empty[1] = 0x80;
            span.Slice(2, 4).CopyTo(empty.AsSpan(2));
            return inner.WriteAsync(empty, cancellationToken);
        }

        return inner.WriteAsync(buffer, cancellationToken);
    }

    private void Track(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_payloadLeft > 0)
            {
                var skip = (int)Math.Min(_payloadLeft, data.Length);
                _payloadLeft -= skip;
                data = data[skip..];
                continue;
            }

            _header[_headerCount++] = data[0];
            data = data[1..];
            if (_headerCount == 2)
            {
                var lengthCode = _header[1] & 0x7F;
                _headerLength = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0) + ((_header[1] & 0x80) != 0 ? 4 : 0);
            }

            if (_headerCount >= 2 && _headerCount == _headerLength)
            {
                var lengthCode = _header[1] & 0x7F;
                _payloadLeft = lengthCode switch
                {
                    126 => BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(2)),
                    127 => BinaryPrimitives.ReadInt64BigEndian(_header.AsSpan(2)),
                    _ => lengthCode,
                };
                SawEmptyClose |= (_header[0] & 0x0F) == 0x8 && _payloadLeft == 0;
                _headerCount = 0;
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
