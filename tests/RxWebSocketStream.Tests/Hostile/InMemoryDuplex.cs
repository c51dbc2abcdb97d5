using System.Buffers;
using System.IO.Pipelines;

namespace RxWebSocketStream.Tests.Hostile;

/// <summary>
/// Two in-memory pipes joined into a client stream, with the peer's end driven by the test. Every
/// continuation runs inline and nothing ever waits for room, so bytes written by the peer are fully
/// processed by the client (its BCL socket and the connection above it) before the write returns, provided
/// the caller has no <see cref="SynchronizationContext"/>. That makes a fuzz case a synchronous, repeatable
/// sequence of steps and keeps thousands of them fast; the TCP cases in FuzzingPeerTests show
/// the client behaves the same way over a real socket.
/// </summary>
internal sealed class InMemoryDuplex : IDisposable
{
    private static readonly PipeOptions Inline = new(
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 0,
        useSynchronizationContext: false);

    private readonly Pipe _toClient = new(Inline);
    private readonly Pipe _toPeer = new(Inline);
    private bool _peerEnded;

    public InMemoryDuplex() => ClientStream = new ClientEnd(this);

    /// <summary>The stream to hand to <c>WebSocket.CreateFromStream</c>.</summary>
    public Stream ClientStream { get; }

    /// <summary>Whether the client disposed its stream (the BCL does so when the socket is aborted or closed).</summary>
    public bool ClientDisposed { get; private set; }

    /// <summary>Writes bytes to the client, which processes them before this returns.</summary>
    public void PeerWrite(ReadOnlySpan<byte> bytes)
    {
        if (_peerEnded || ClientDisposed || bytes.IsEmpty)
        {
            return;
        }

        _toClient.Writer.Write(bytes);
        var flush = _toClient.Writer.FlushAsync();
        if (!flush.IsCompleted)
        {
            throw new InvalidOperationException("The in-memory pipe waited for room; the harness relies on writes that complete at once.");
        }
    }

    /// <summary>Ends the peer's side, as a TCP FIN would: the client reads the end of the stream.</summary>
    public void PeerEnd()
    {
        if (!_peerEnded)
        {
            _peerEnded = true;
            _toClient.Writer.Complete();
        }
    }

    /// <summary>Everything the client wrote since the last call.</summary>
    public byte[] TakeClientBytes()
    {
        var reader = _toPeer.Reader;
        if (!reader.TryRead(out var result))
        {
            return [];
        }

        var bytes = result.Buffer.ToArray();
        reader.AdvanceTo(result.Buffer.End);
        return bytes;
    }

    public void Dispose()
    {
        ClientStream.Dispose();
        PeerEnd();
        _toPeer.Reader.Complete();
    }

    /// <summary>
    /// The client's end. Disposing it wakes a pending read, as disposing a <c>NetworkStream</c> does; a
    /// pipe stream alone would leave that read waiting for ever.
    /// </summary>
    private sealed class ClientEnd(InMemoryDuplex duplex) : Stream
    {
        private readonly Stream _reader = duplex._toClient.Reader.AsStream();
        private readonly Stream _writer = duplex._toPeer.Writer.AsStream();

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _reader.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _reader.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _reader.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => _writer.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _writer.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _writer.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Flush() => _writer.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !duplex.ClientDisposed)
            {
                duplex.ClientDisposed = true;
                duplex._toClient.Reader.CancelPendingRead();
                _reader.Dispose();
                _writer.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
