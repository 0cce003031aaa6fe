namespace Fulcrum.Pipeline.Http1;

/// <summary>How sending the request body ended: <see cref="Exception"/> is null on success.</summary>
internal readonly record struct Http1UploadOutcome(bool ClientFailed, Exception? Exception, bool TimedOut = false)
{
    public static readonly Http1UploadOutcome Success = new(false, null);
}
