using RxWebSocketStream.Interop.Tests.Peers;

namespace RxWebSocketStream.Redis.Tests.Fixture;

/// <summary>
/// A fact that needs redis-server: skipped with how to install it on a developer machine that lacks it; with
/// <c>CI=true</c> it runs and fails instead (<see cref="Peer"/>, docs/interop.md).
/// </summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute() => Skip = RedisServer.Peer.SkipReason;
}
