using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fulcrum.Listeners;

/// <summary>
/// The HTTP/2 limits of every listener, set here explicitly rather than inherited, because they are the gateway's
/// defence against HTTP/2 resource attacks and must not move when Kestrel's defaults do:
/// <list type="bullet">
/// <item>rapid reset (CVE-2023-44487): at most <see cref="MaxStreamsPerConnection"/> streams open at once; Kestrel's
/// own guard (it closes a connection with ENHANCE_YOUR_CALM when reset streams pile up faster than the app
/// completes them) is left on — nothing here sets the AppContext switch that would turn it off;</item>
/// <item>HPACK bomb: a small dynamic table (<see cref="HeaderTableSize"/>) and a cap on one decoded header field
/// (<see cref="MaxRequestHeaderFieldSize"/>); the whole header block is also capped by Kestrel's
/// <c>MaxRequestHeadersTotalSize</c> (32 KiB) and <c>MaxRequestHeaderCount</c> (100), set in <see cref="Apply"/>;</item>
/// <item>CONTINUATION flood (CVE-2024-27316 class): Kestrel counts CONTINUATION frames against the same header
/// limits and closes the connection once a header block exceeds them, so the caps above bound it;</item>
/// <item>dead or stalled peers: a PING after <see cref="KeepAlivePingDelay"/> of silence, the connection closed if it
/// is not answered within <see cref="KeepAlivePingTimeout"/>.</item>
/// </list>
/// </summary>
internal static class Http2Protections
{
    public const int MaxStreamsPerConnection = 100;
    public const int HeaderTableSize = 4096;
    public const int MaxFrameSize = 16 * 1024;
    public const int MaxRequestHeaderFieldSize = 16 * 1024;
    public const int MaxRequestHeadersTotalSize = 32 * 1024;
    public const int MaxRequestHeaderCount = 100;
    public const int InitialConnectionWindowSize = 1024 * 1024;
    public const int InitialStreamWindowSize = 768 * 1024;
    public static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(20);

    public static void Apply(KestrelServerLimits limits)
    {
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
        limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        var http2 = limits.Http2;
        http2.MaxStreamsPerConnection = MaxStreamsPerConnection;
        http2.HeaderTableSize = HeaderTableSize;
        http2.MaxFrameSize = MaxFrameSize;
        http2.MaxRequestHeaderFieldSize = MaxRequestHeaderFieldSize;
        http2.InitialConnectionWindowSize = InitialConnectionWindowSize;
        http2.InitialStreamWindowSize = InitialStreamWindowSize;
        http2.KeepAlivePingDelay = KeepAlivePingDelay;
        http2.KeepAlivePingTimeout = KeepAlivePingTimeout;
    }
}
