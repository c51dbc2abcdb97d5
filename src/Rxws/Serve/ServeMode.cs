namespace Rxws.Serve;

/// <summary>What <c>serve</c> does with each message it receives.</summary>
internal enum ServeMode
{
    /// <summary>Print it and send it back with its type.</summary>
    Echo,

    /// <summary>Only print it.</summary>
    Print,
}
