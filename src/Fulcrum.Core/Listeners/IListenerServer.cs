using System.Net;

namespace Fulcrum.Listeners;

/// <summary>
/// What serves one listener's address: a Kestrel host (http and tcp listeners) or a UDP receive loop. The seam
/// lets a reload bind, keep and drain every kind the same way.
/// </summary>
internal interface IListenerServer : IAsyncDisposable
{
    /// <summary>The address actually bound (the real port when the config said port 0).</summary>
    IPEndPoint BoundEndPoint { get; }

    /// <summary>Stops accepting and lets open connections finish, up to the drain timeout.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
