namespace Fulcrum.Pipeline.Http1;

/// <summary>One response header line as it is copied to the client's response.</summary>
/// <param name="Name">The name to set, or null when the line is not copied (hop-by-hop, or Content-Length, which goes
/// to <c>HttpResponse.ContentLength</c>).</param>
/// <param name="Value">The value (Latin-1, as the listeners encode response headers).</param>
/// <param name="IsContentLength">The line is the Content-Length.</param>
internal readonly record struct Http1HeaderLine(string? Name, string Value, bool IsContentLength);
