namespace Fulcrum.Pipeline.Http1;

/// <summary>The destination broke HTTP/1.1 framing (a malformed head, a bad chunk): the connection is not reused.</summary>
internal sealed class Http1ProtocolException(string message) : IOException(message);
