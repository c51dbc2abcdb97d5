using RxWebSocketStream.Interop.Tests.Peers;

namespace RxWebSocketStream.Interop.Tests;

/// <summary>The skip-or-fail rule for a missing peer, checked without the peers.</summary>
public sealed class PeerRuleTests
{
    private static readonly Peer Missing = new("Frobnicator", "apt-get install -y frobnicator", () => "/usr/bin/frob does not exist");
    private static readonly Peer Present = new("Frobnicator", "apt-get install -y frobnicator", () => null);

    [Fact]
    public void A_missing_peer_is_skipped_on_a_developer_machine_with_how_to_install_it()
    {
        var reason = Missing.SkipReasonFor(Missing.Problem, isCi: false);

        Assert.NotNull(reason);
        Assert.Contains("/usr/bin/frob does not exist", reason, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y frobnicator", reason, StringComparison.Ordinal);
        Assert.Contains("CI=true", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_peer_is_not_skipped_in_CI_and_the_test_fails()
    {
        Assert.Null(Missing.SkipReasonFor(Missing.Problem, isCi: true));
        var e = Assert.Throws<PeerMissingException>(Missing.EnsureAvailable);
        Assert.Contains("apt-get install -y frobnicator", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_present_peer_is_never_skipped()
    {
        Assert.Null(Present.SkipReasonFor(Present.Problem, isCi: false));
        Assert.Null(Present.SkipReasonFor(Present.Problem, isCi: true));
        Present.EnsureAvailable();
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void CI_is_recognised(string? value, bool isCi) => Assert.Equal(isCi, Peer.IsCiValue(value));

    [Fact]
    public void The_peers_say_how_to_enable_them()
    {
        Assert.Contains("cd tests/interop/node && npm ci", Peer.Node.HowToInstall, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y chromium", Peer.Chromium.HowToInstall, StringComparison.Ordinal);
    }
}
