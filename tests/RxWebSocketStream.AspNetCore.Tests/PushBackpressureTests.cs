using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Microsoft.AspNetCore.Builder;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>
/// A pushed feed meets a client that does not read (docs/server.md, "Pushing a feed"): an observable gets the
/// send buffer's overflow policy, an asynchronous stream is slowed down. The client's TCP receive buffer is
/// pinned small so that the bytes in flight are bounded by the server's send buffer (at most 4 MiB here).
/// </summary>
public sealed class PushBackpressureTests
{
    private const int PayloadSize = 16 * 1024;

    // Far more than the kernel and Kestrel can hold in flight (about 4 MiB, 256 messages): a feed that is not
    // slowed down or stopped by the policy would run into it.
    private const int Limit = 5_000;

    [Fact]
    public async Task PushObservable_SlowClientUnderFail_QueuedMessagesFlushedThen1011AndFeedDisposed()
    {
        var serverSide = new TaskCompletionSource<WebSocketConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        var emitted = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var disposed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/feed",
            (WebSocketConnection conn) =>
            {
                serverSide.SetResult(conn);
                return UntilDropped(conn, drops: 1, emitted, disposed, complete: false);
            },
            WithPolicy(SendBufferOverflow.Fail, capacity: 4)));
        using var ws = await ConnectSlowClientAsync(server.Ws("feed"));

        var count = await emitted.Task.Within();
        var received = await ReceiveIndicesAsync(ws);

        // Everything accepted before the overflow arrived, in order; the one that overflowed did not.
        Assert.InRange(count, 6, Limit - 1);
        Assert.Equal(Enumerable.Range(0, count - 1), received);
        Assert.Equal(WebSocketCloseStatus.InternalServerError, ws.CloseStatus);
        Assert.Equal("send buffer full", ws.CloseStatusDescription);
        await ws.CloseOutputAsync(WebSocketCloseStatus.InternalServerError, null, CancellationToken.None).Within();
        var error = await Assert.ThrowsAsync<WebSocketConnectionException>(() => serverSide.Task.Result.Closed.Within());
        Assert.Contains("4 messages, SendBufferCapacity", error.Message, StringComparison.Ordinal);
        await disposed.Task.Within();
    }

    [Fact]
    public async Task PushObservable_SlowClientUnderDropNewest_ClientGetsAnOrderedSubsetAndEveryDropIsCounted()
    {
        var serverSide = new TaskCompletionSource<WebSocketConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        var emitted = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var disposed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/feed",
            (WebSocketConnection conn) =>
            {
                serverSide.SetResult(conn);
                return UntilDropped(conn, drops: 20, emitted, disposed, complete: true);
            },
            WithPolicy(SendBufferOverflow.DropNewest, capacity: 4)));
        using var ws = await ConnectSlowClientAsync(server.Ws("feed"));

        var count = await emitted.Task.Within();
        var received = await ReceiveIndicesAsync(ws);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, ws.CloseStatus); // the feed completed: 1000 after the flush
        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).Within();
        var connection = await serverSide.Task.Within();
        await connection.Closed.Within();
        Assert.InRange(count, 24, Limit - 1);
        Assert.Equal(received.Order(), received); // a subset, in the feed's order
        Assert.Equal(received.Distinct().Count(), received.Count);
        Assert.Equal(count, received.Count + connection.DroppedMessageCount); // nothing lost without a count
        await disposed.Task.Within();
    }

    [Theory]
    [InlineData(SendBufferOverflow.Fail)]
    [InlineData(SendBufferOverflow.DropNewest)]
    public async Task PushAsyncEnumerable_SlowClient_StreamIsSlowedDownAndNothingIsDropped(SendBufferOverflow policy)
    {
        const int count = 1_000;     // 16 MiB
        const int inFlight = 500;    // 8 MiB: more than the server's socket, Kestrel and the client can buffer
        var pulled = 0;
        var serverSide = new TaskCompletionSource<WebSocketConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/stream",
            (WebSocketConnection conn) =>
            {
                serverSide.SetResult(conn);
                return Numbered(count, () => Interlocked.Increment(ref pulled));
            },
            WithPolicy(policy, capacity: 1)));
        using var ws = await ConnectSlowClientAsync(server.Ws("stream"));

        for (var read = 1; read <= count; read++)
        {
            var (type, data) = await ws.ReceiveAsync();
            Assert.Equal(WebSocketMessageType.Binary, type);
            Assert.Equal(read - 1, BinaryPrimitives.ReadInt32LittleEndian(data));

            // The stream never runs ahead of what the client has read by more than the buffers in between.
            Assert.InRange(Volatile.Read(ref pulled), read, read + inFlight);
        }

        Assert.Equal(1000, (await ws.ReceiveCloseAsync()).Code);
        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).Within();
        var connection = await serverSide.Task.Within();
        Assert.Equal(1000, (await connection.Closed.Within()).Code);
        Assert.Equal(0, connection.DroppedMessageCount);

        static async IAsyncEnumerable<Message> Numbered(int count, Action pulled)
        {
            for (var i = 0; i < count; i++)
            {
                pulled();
                yield return Payload(i);
            }

            await Task.CompletedTask;
        }
    }

    /// <summary>
    /// A feed that emits numbered messages synchronously until the connection has dropped <paramref name="drops"/>
    /// (the client reads nothing, so the send buffer overflows), then reports how many it emitted.
    /// </summary>
    private static IObservable<Message> UntilDropped(WebSocketConnection conn, int drops, TaskCompletionSource<int> emitted, TaskCompletionSource disposed, bool complete) =>
        Observable.Create<Message>(observer =>
        {
            var i = 0;
            for (; i < Limit && conn.DroppedMessageCount < drops; i++)
            {
                observer.OnNext(Payload(i));
            }

            emitted.SetResult(i);
            if (complete)
            {
                observer.OnCompleted();
            }

            return Disposable.Create(disposed.SetResult);
        });

    private static Message Payload(int index)
    {
        var data = new byte[PayloadSize];
        BinaryPrimitives.WriteInt32LittleEndian(data, index);
        return Message.FromBinary(data);
    }

    private static WebSocketServerOptions WithPolicy(SendBufferOverflow policy, int capacity) =>
        new() { Connection = new WebSocketConnectionOptions { SendBufferOverflow = policy, SendBufferCapacity = capacity } };

    /// <summary>Reads numbered messages until the server's close frame.</summary>
    private static async Task<List<int>> ReceiveIndicesAsync(ClientWebSocket ws)
    {
        var indices = new List<int>();
        while (true)
        {
            var (type, data) = await ws.ReceiveAsync();
            if (type == WebSocketMessageType.Close)
            {
                return indices;
            }

            indices.Add(BinaryPrimitives.ReadInt32LittleEndian(data));
        }
    }

    /// <summary>A client whose TCP receive buffer is fixed at 32 KiB (no autotuning up to tens of MiB).</summary>
    private static async Task<ClientWebSocket> ConnectSlowClientAsync(Uri url)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 32 * 1024 };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var ws = new ClientWebSocket();
        await ws.ConnectAsync(url, new HttpMessageInvoker(handler), CancellationToken.None).Within();
        return ws;
    }
}
