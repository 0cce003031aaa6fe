namespace Fulcrum.Pipeline.Http1;

/// <summary>What <see cref="Http1ResponseParser"/> learnt from a response head; offsets are into the parsed bytes.</summary>
internal struct Http1ResponseHead
{
    public int StatusCode;

    /// <summary>An HTTP/1.0 response: the connection closes after it unless it said keep-alive.</summary>
    public bool Http10;

    /// <summary>-1 when the response had no Content-Length.</summary>
    public long ContentLength;

    public bool Chunked;

    /// <summary>A Transfer-Encoding whose last coding is not chunked: the body runs to the end of the connection.</summary>
    public bool OtherTransferEncoding;

    public bool ConnectionClose;

    public bool KeepAlive;

    public int ReasonStart;

    public int ReasonLength;

    /// <summary>Where the first header line starts.</summary>
    public int HeadersStart;

    /// <summary>The whole head, up to and including the empty line.</summary>
    public int Length;

    /// <summary>Why the head was refused, when it was.</summary>
    public string? Error;

    /// <summary>Whether the connection can carry another request once this response's body was read to its end.</summary>
    public readonly bool AllowsReuse => !ConnectionClose && (!Http10 || KeepAlive) && !OtherTransferEncoding;
}
