using System.Net.WebSockets;
using System.Runtime.CompilerServices;

namespace RxWebSocketStream.Internal;

/// <summary>
/// The stream under every WebSocket the library makes itself (the client handshake, the server upgrade): all bytes
/// pass through untouched, except the one close frame a connection asks to go out empty, so that close frames are
/// exact (docs/behaviour.md, "Exact close frames") at no cost on the message path.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Writes: nothing is looked at until <see cref="ArmEmptyClose"/>; then the next write that is exactly a close
/// frame with 1000 and no reason is replaced by an empty close frame (<see cref="CloseFrameBytes.EmptyInsteadOf"/>).
/// Pings, pongs and data written meanwhile pass.</item>
/// <item>Reads: no frame is parsed. Each read call copies at most its last 16 bytes (<see cref="ReadTail"/>), which is
/// enough to tell a peer's empty close body from 1000 once the socket reports the close.</item>
/// <item>A server also checks the mask bit of the client's first frame, once: RFC 6455 5.1 says the server must
/// close on an unmasked frame, and the BCL's server socket instead waits for a mask key that never comes when the
/// frame is shorter than 6 bytes (from 6 bytes on it fails the frame with 1002 itself).</item>
/// </list>
/// </remarks>
internal sealed class CloseFrameFilterStream : Stream, IExactCloseFrames
{
    private readonly Stream _inner;
    private readonly bool _isServer;
    private ReadTail _tail;

    // Set by the connection's send path, cleared by the write it rewrites; the BCL writes under its own send lock.
    private volatile bool _emptyCloseArmed;

    // The shortest masked frame: 2 header bytes and a 4-byte key.
    private const int MaskedHeaderLength = 6;

    // Server only: how many of the stream's first two bytes are still unread; the second holds the first frame's mask bit.
    private int _firstHeaderBytesUnread;

    /// <summary>Wraps the transport of a WebSocket.</summary>
    /// <param name="inner">The transport: the plaintext HTTP/1.1 connection stream, or the upgraded request stream.</param>
    /// <param name="isServer">Whether our side is the server, so the peer's frames are masked.</param>
    public CloseFrameFilterStream(Stream inner, bool isServer)
    {
        _inner = inner;
        _isServer = isServer;
        _firstHeaderBytesUnread = isServer ? 2 : 0;
    }

    /// <inheritdoc />
    public bool ReceivedEmptyClose => _tail.EndsInEmptyClose(masked: _isServer);

    /// <inheritdoc />
    public override bool CanRead => _inner.CanRead;

    /// <inheritdoc />
    public override bool CanWrite => _inner.CanWrite;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public void ArmEmptyClose() => _emptyCloseArmed = true;

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = _inner.ReadAsync(buffer, cancellationToken);
        if (read.IsCompletedSuccessfully && _firstHeaderBytesUnread == 0)
        {
            // The message path: one read call, one tail copy.
            var count = read.Result;
            _tail.Append(buffer.Span[..count]);
            return new(count);
        }

        return ObserveWhenReadAsync(read, buffer);
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        var count = _inner.Read(buffer);
        return Observe(buffer[..count]) is { } failure ? throw failure : count;
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.WriteAsync(_emptyCloseArmed ? Rewrite(buffer) : buffer, cancellationToken);

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_emptyCloseArmed && CloseFrameBytes.EmptyInsteadOf(buffer) is { } empty)
        {
            _emptyCloseArmed = false;
            buffer = empty;
        }

        _inner.Write(buffer);
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Flush() => _inner.Flush();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => _inner.DisposeAsync();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    // Pooled, like the BCL's own receive path, so a read that waits for the network allocates nothing.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ObserveWhenReadAsync(ValueTask<int> read, Memory<byte> buffer)
    {
        var count = await read.ConfigureAwait(false);
        return Observe(buffer.Span[..count]) is { } failure ? throw failure : count;
    }

    /// <summary>Keeps the tail of what was read; on a server, checks the first frame's mask bit once.</summary>
    private WebSocketException? Observe(ReadOnlySpan<byte> read)
    {
        _tail.Append(read);
        return _firstHeaderBytesUnread == 0 ? null : CheckFirstFrameIsMasked(read);
    }

    /// <summary>
    /// The BCL's server socket reads 6 bytes (a header with its mask key) before it looks at a frame, then fails an
    /// unmasked one with 1002 itself. A client whose first frame is unmasked and shorter than that would leave it
    /// waiting, so that one case fails here, at once.
    /// </summary>
    private WebSocketException? CheckFirstFrameIsMasked(ReadOnlySpan<byte> read)
    {
        var readBefore = 2 - _firstHeaderBytesUnread;
        if (read.Length < _firstHeaderBytesUnread)
        {
            _firstHeaderBytesUnread -= read.Length;
            return null;
        }

        var second = read[_firstHeaderBytesUnread - 1];
        _firstHeaderBytesUnread = 0;
        return (second & CloseFrameBytes.MaskBit) != 0 || readBefore + read.Length >= MaskedHeaderLength
            ? null
            : new WebSocketException(WebSocketError.Faulted, "The client sent an unmasked frame shorter than a masked frame header; RFC 6455 (5.1) requires the server to close the connection.");
    }

    private ReadOnlyMemory<byte> Rewrite(ReadOnlyMemory<byte> buffer)
    {
        if (CloseFrameBytes.EmptyInsteadOf(buffer.Span) is not { } empty)
        {
            return buffer;
        }

        _emptyCloseArmed = false;
        return empty;
    }
}
