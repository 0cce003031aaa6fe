namespace Fulcrum.Pipeline.Http1;

internal enum Http1ParseStatus
{
    /// <summary>The head does not end in the bytes given yet.</summary>
    Incomplete,
    Complete,
    Malformed,
}
