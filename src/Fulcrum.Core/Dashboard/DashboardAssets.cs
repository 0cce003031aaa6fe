using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Dashboard;

/// <summary>
/// The dashboard's files, embedded in the assembly so the gateway serves them with no CDN or disk access:
/// <c>/</c> is index.html, every other file under wwwroot is served by its name.
/// </summary>
internal static class DashboardAssets
{
    private const string Prefix = "Fulcrum.Dashboard.wwwroot.";

    private static readonly Dictionary<string, (byte[] Content, string Type)> Files = Load();

    public static void Map(WebApplication app)
    {
        foreach (var (name, (content, type)) in Files)
        {
            var path = name == "index.html" ? "/" : "/" + name;
            app.MapGet(path, (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-cache";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'";
                return Results.Bytes(content, type);
            });
        }
    }

    private static Dictionary<string, (byte[], string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var name = resource[Prefix.Length..];
            files[name] = (memory.ToArray(), ContentType(name));
        }

        return files;
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
