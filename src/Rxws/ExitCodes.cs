namespace Rxws;

/// <summary>The exit codes of <c>rxws</c>: part of its contract (issue 4), scripts depend on them.</summary>
internal static class ExitCodes
{
    /// <summary>A clean close (close frames both ways), a finished demo, or a server shut down by a signal.</summary>
    public const int Success = 0;

    /// <summary>An unclean close, or a connection that never opened (refused, 404, bad sub-protocol).</summary>
    public const int ConnectionFailed = 1;

    /// <summary>A usage error: unknown option, bad value, invalid close code or reason. Nothing was connected.</summary>
    public const int Usage = 2;
}
