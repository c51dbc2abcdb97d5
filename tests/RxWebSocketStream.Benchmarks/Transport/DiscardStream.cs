namespace RxWebSocketStream.Benchmarks.Transport;

/// <summary>
/// The far end of a send benchmark: a peer that drains as fast as possible. Every write completes at once
/// (as a socket write does while the kernel buffer has room) and is only counted; a read waits until the
/// stream is disposed, then reports end of stream.
/// </summary>
internal sealed class DiscardStream : Stream
{
    private readonly TaskCompletionSource<int> _endOfStream = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets how many bytes were written: a check that the benchmark really sent something.</summary>
    public long BytesWritten { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        BytesWritten += buffer.Length;
        return default;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        BytesWritten += count;
        return Task.CompletedTask;
    }

    public override void Write(byte[] buffer, int offset, int count) => BytesWritten += count;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(_endOfStream.Task.WaitAsync(cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _endOfStream.Task.WaitAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => _endOfStream.Task.GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _endOfStream.TrySetResult(0);
        base.Dispose(disposing);
    }
}
