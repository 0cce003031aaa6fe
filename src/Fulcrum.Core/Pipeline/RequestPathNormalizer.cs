using Microsoft.AspNetCore.Http;

namespace Fulcrum.Pipeline;

/// <summary>
/// What Fulcrum does to the path Kestrel decoded before routing, so that the route (and its policies) judges the
/// same path the backend is sent. Kestrel has already percent-decoded it (except <c>%2F</c>) and resolved dot
/// segments; two readings remain that backends disagree on, and an attacker picks the one the gateway does not:
/// <list type="bullet">
/// <item>Runs of slashes become one, and the merged path is what is forwarded, as nginx does by default
/// (<c>merge_slashes on</c>) and Envoy's edge guidance asks. Kept as it was, <c>//admin/x</c> would miss a
/// <c>/admin</c> route and its policies, fall to a broader route, and reach a backend that merges slashes itself as
/// <c>/admin/x</c>.</item>
/// <item>A backslash (sent raw or as <c>%5C</c>) is refused: IIS and Windows-hosted backends read it as a slash,
/// so <c>/admin%5Cx</c> would be <c>/admin/x</c> to them and an unrelated segment to the route table.</item>
/// </list>
/// </summary>
internal static class RequestPathNormalizer
{
    /// <summary>Merges slashes in <see cref="HttpRequest.Path"/> (allocating only when there are any); false when the path must be refused.</summary>
    public static bool TryNormalize(HttpRequest request)
    {
        var path = request.Path.Value;
        if (path is null)
        {
            return true;
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }

        if (path.Contains("//", StringComparison.Ordinal))
        {
            request.Path = new PathString(MergeSlashes(path));
        }

        return true;
    }

    public static string MergeSlashes(string path) => string.Create(MergedLength(path), path, static (span, source) =>
    {
        var at = 0;
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] != '/' || i == 0 || source[i - 1] != '/')
            {
                span[at++] = source[i];
            }
        }
    });

    private static int MergedLength(string path)
    {
        var length = 0;
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] != '/' || i == 0 || path[i - 1] != '/')
            {
                length++;
            }
        }

        return length;
    }
}
