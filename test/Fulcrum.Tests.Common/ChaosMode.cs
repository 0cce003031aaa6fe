namespace Fulcrum.Tests.Common;

/// <summary>How a <see cref="SpyBackend"/> misbehaves when it answers a request (it records the request either way).</summary>
public enum ChaosMode
{
    /// <summary>A well-formed answer (the scripted reply, or 200 with the backend's name).</summary>
    None,

    /// <summary>Never answers; keeps the connection open until the peer gives up.</summary>
    Hang,

    /// <summary>Sends the head at once, then the body one byte per <see cref="SpyBackend.TrickleInterval"/>.</summary>
    Trickle,

    /// <summary>Sends the head and part of the body, then resets the connection (TCP RST).</summary>
    ResetMidResponse,

    /// <summary>Closes the connection (FIN) after reading the request, without a byte of answer.</summary>
    CloseBeforeHeaders,

    /// <summary>Resets the connection (TCP RST) after reading the request, without a byte of answer.</summary>
    ResetBeforeHeaders,

    /// <summary>Declares a Content-Length shorter than the body it sends: the excess trails on the connection.</summary>
    ContentLengthTooShort,

    /// <summary>Declares a Content-Length longer than the body it sends, then closes.</summary>
    ContentLengthTooLong,
}
