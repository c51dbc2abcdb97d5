namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>Invalid arguments throw at once, naming the value, and change nothing.</summary>
public sealed class ReconnectingConnectionValidationTests
{
    [Fact]
    public void Options_RejectInvalidValues()
    {
        Assert.Throws<ArgumentNullException>("Policy", () => new ReconnectingConnectionOptions { Policy = null! });
        Assert.Throws<ArgumentNullException>("Scheduler", () => new ReconnectingConnectionOptions { Scheduler = null! });
        Assert.Throws<ArgumentOutOfRangeException>("SendBufferCapacity", () => new ReconnectingConnectionOptions { SendBufferCapacity = 0 });
        Assert.Throws<ArgumentOutOfRangeException>("QueuedMessagePolicy", () => new ReconnectingConnectionOptions { QueuedMessagePolicy = (QueuedMessagePolicy)7 });
        Assert.Throws<ArgumentNullException>(() => ReconnectingConnection.Create(null!));
        Assert.Throws<ArgumentNullException>(() => ReconnectingConnection.Observe(null!));
    }

    [Fact]
    public void Close_WithACodeAnApplicationMayNotSend_ThrowsAndTheSessionGoesOn()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy());
        var session = h.CreateSession();
        var messages = new TimedLog<Message>(h);
        h.At(0, () => session.Subscribe(messages));
        h.At(100, () => Assert.Throws<ArgumentOutOfRangeException>(() => session.Close(new WebSocketCloseInfo(1001))));
        h.At(200, () => Assert.True(session.SendAsync(Message.FromText("still open")).IsCompletedSuccessfully));

        h.RunTo(1000);

        Assert.Null(messages.CompletedAtMs);
        Assert.Equal("still open", h.Peers[0].ReceivedActions.Single().Text);
    }

    [Fact]
    public void SendAsync_WithAnUndefinedPolicy_Throws()
    {
        var session = ReconnectingConnection.Create(_ => throw new InvalidOperationException("never called"));

        // Thrown by the call itself, not through the task: a programming error, not a send outcome.
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = session.SendAsync(Message.FromText("x"), (QueuedMessagePolicy)7); });
    }
}
