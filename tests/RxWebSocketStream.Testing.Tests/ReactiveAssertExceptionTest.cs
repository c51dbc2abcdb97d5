namespace RxWebSocketStream.Testing.Tests;

public sealed class ReactiveAssertExceptionTest
{
    [Fact]
    public void Constructors_KeepMessageAndInnerException()
    {
        var inner = new TimeoutException();

        Assert.Equal("A reactive assertion failed.", new ReactiveAssertException().Message);
        Assert.Equal("m", new ReactiveAssertException("m").Message);
        Assert.Same(inner, new ReactiveAssertException("m", inner).InnerException);
    }
}
