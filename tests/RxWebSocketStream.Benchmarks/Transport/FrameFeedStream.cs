using System.Threading.Tasks.Sources;

namespace RxWebSocketStream.Benchmarks.Transport;

/// <summary>
/// The near end of a receive benchmark: a stream whose "peer" is a block of pre-built server frames, so the
/// sender costs nothing. <see cref="Feed"/> makes the whole block readable once more. A read with nothing
/// left waits, without allocating, until the next <see cref="Feed"/> (or disposal, which reads as end of
/// stream); that waiting read is completed inline, on the thread that calls <see cref="Feed"/>, so a
/// receive loop parked on it runs through the whole block on the benchmark's own thread.
/// </summary>
internal sealed class FrameFeedStream : Stream, IValueTaskSource<int>
{
    private readonly object _gate = new();
    private readonly byte[] _frames;
    private int _position;
    private readonly int _end;
    private bool _disposed;

    // The one read allowed to wait (a WebSocket never reads concurrently); reset by GetResult for the next.
    private ManualResetValueTaskSourceCore<int> _pendingRead;
    private Memory<byte> _pendingBuffer;
    private bool _readPending;

    public FrameFeedStream(byte[] frames)
    {
        _frames = frames;
        _position = frames.Length;
        _end = frames.Length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Makes every frame readable again, and completes a read that was waiting for them.</summary>
    public void Feed()
    {
        int read;
        lock (_gate)
        {
            if (_position != _end)
            {
                throw new InvalidOperationException($"The previous block was not read to the end ({_end - _position} bytes left).");
            }

            _position = 0;
            if (!_readPending)
            {
                return;
            }

            _readPending = false;
            read = Take(_pendingBuffer.Span);
            _pendingBuffer = default;
        }

        _pendingRead.SetResult(read);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_position < _end || _disposed || buffer.IsEmpty)
            {
                return new(Take(buffer.Span));
            }

            _pendingBuffer = buffer;
            _readPending = true;
            return new(this, _pendingRead.Version);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    // What the client writes (close frames, pongs) is not part of a receive benchmark.
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => default;

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Write(byte[] buffer, int offset, int count)
    {
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    int IValueTaskSource<int>.GetResult(short token)
    {
        var result = _pendingRead.GetResult(token);
        _pendingRead.Reset();
        return result;
    }

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _pendingRead.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _pendingRead.OnCompleted(continuation, state, token, flags);

    protected override void Dispose(bool disposing)
    {
        bool complete;
        lock (_gate)
        {
            _disposed = true;
            complete = _readPending;
            _readPending = false;
            _pendingBuffer = default;
        }

        if (complete)
        {
            _pendingRead.SetResult(0);
        }

        base.Dispose(disposing);
    }

    private int Take(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _end - _position);
        _frames.AsSpan(_position, count).CopyTo(destination);
        _position += count;
        return count;
    }
}
