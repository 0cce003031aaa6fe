namespace Fulcrum.Pipeline.Http1;

/// <summary>Writing the response to the client failed: the client's fault, not the destination's.</summary>
internal sealed class Http1ClientException(Exception inner) : IOException(inner.Message, inner);
