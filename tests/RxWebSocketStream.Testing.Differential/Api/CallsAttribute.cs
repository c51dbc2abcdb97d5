namespace RxWebSocketStream.Testing.Differential.Api;

/// <summary>Names the Microsoft.Reactive.Testing member (as <see cref="ApiSignature"/> writes it) that a test of <see cref="MicrosoftApiCalls"/> calls through this kit.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
internal sealed class CallsAttribute(string member) : Attribute
{
    public string Member { get; } = member;
}
